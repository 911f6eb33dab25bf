/** Durable waiting: reminders, escalation, deadline, and a worker that dies while an invoice waits. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getApprovalTask } from '../../db/approvals.js';
import { ledgerEntriesForInvoice } from '../../db/ledger.js';
import { notificationsForWorkflow } from '../../db/notifications.js';
import { createVendor } from '../../db/vendors.js';
import { invoiceText, submit, waitForResult } from '../helpers/invoices.js';
import { decide, eventually, signalDecision, waitForPendingTask, waitForState } from '../helpers/runs.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

describe('approval timers and worker restarts', () => {
  let stack: TestStack;

  before(async () => {
    stack = await startTestStack({
      env: { APPROVAL_REMINDER_AFTER: '1500ms', APPROVAL_ESCALATE_AFTER: '3s', APPROVAL_DEADLINE: '5s' },
    });
    await createVendor(stack.db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111' });
  });
  after(async () => {
    await stack.stop();
    await stopOwnTemporal();
  });

  test('an undecided task is reminded, escalated to the next role, and expires as approval_timeout', async () => {
    const { id, workflowId } = await submit(stack, invoiceText({ number: 'T-1', lines: [{ description: 'Desk', quantity: 2, unitPrice: 800 }] }));
    const taskId = await waitForPendingTask(stack.client, workflowId, 'manager');

    const escalated = await waitForState(stack.client, workflowId, (s) => Boolean(s.tasks[0]?.escalatedAt), 15_000);
    assert.ok(escalated.tasks[0]?.remindedAt, 'reminded before escalating');
    assert.equal(escalated.tasks[0]?.role, 'finance_director');
    assert.equal(escalated.tasks[0]?.originalRole, 'manager');
    // The inbox follows: the task now belongs to the finance director.
    await eventually(async () => assert.equal((await getApprovalTask(stack.db, taskId))?.requiredRole, 'finance_director'));

    const state = await waitForResult(stack.client, workflowId, 20_000);
    assert.equal(state.status, 'rejected');
    assert.equal(state.reason, 'approval_timeout');
    assert.equal(state.tasks[0]?.status, 'expired');
    assert.equal((await getApprovalTask(stack.db, taskId))?.status, 'expired');
    assert.equal((await ledgerEntriesForInvoice(stack.db, id)).length, 0);

    const outbox = await notificationsForWorkflow(stack.db, workflowId);
    const subjects = outbox.map((n) => `${n.recipient} ${n.subject.split(':')[0]}`);
    assert.deepEqual(
      subjects.filter((s) => s.startsWith('role:')),
      ['role:manager Approval needed', 'role:manager Reminder', 'role:finance_director Escalated'],
    );
    assert.ok(outbox.some((n) => n.recipient === 'mailroom' && /approval_timeout/.test(n.subject)));
  });

  test('after escalation the manager may no longer decide, the finance director may', async () => {
    const { workflowId } = await submit(stack, invoiceText({ number: 'T-2', lines: [{ description: 'Chair', quantity: 4, unitPrice: 400 }] }));
    const taskId = await waitForPendingTask(stack.client, workflowId, 'finance_director', 15_000);
    assert.equal(await decide(stack, workflowId, { taskId, decision: 'approve', by: 'dev-manager', roles: ['manager'] }), 'role_not_allowed');
    assert.equal(await decide(stack, workflowId, { taskId, decision: 'approve', by: 'dev-director', roles: ['finance_director'] }), 'recorded');
    const state = await waitForResult(stack.client, workflowId);
    assert.equal(state.status, 'posted');
    assert.equal(state.tasks[0]?.decision?.by, 'dev-director');
  });

  test('a worker stopped while an invoice awaits approval loses nothing: a new worker completes it, posted once', async () => {
    const slow = await startTestStack({ env: { APPROVAL_REMINDER_AFTER: '1h', APPROVAL_ESCALATE_AFTER: '2h', APPROVAL_DEADLINE: '3h' } });
    try {
      await createVendor(slow.db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111' });
      const { id, workflowId } = await submit(slow, invoiceText({ number: 'W-1', lines: [{ description: 'Monitor', quantity: 5, unitPrice: 300 }] }));
      const taskId = await waitForPendingTask(slow.client, workflowId, 'manager');
      await slow.stopWorker();

      // With no worker running, the decision is still accepted and kept by the server.
      await signalDecision(slow, workflowId, { taskId, decision: 'approve', by: 'dev-manager', roles: ['manager'] });
      await new Promise((r) => setTimeout(r, 500));
      assert.equal((await ledgerEntriesForInvoice(slow.db, id)).length, 0, 'nothing happens without a worker');

      await slow.startWorker();
      const state = await waitForResult(slow.client, workflowId);
      assert.equal(state.status, 'posted');
      assert.equal((await ledgerEntriesForInvoice(slow.db, id)).length, 1);
    } finally {
      await slow.stop();
    }
  });
});
