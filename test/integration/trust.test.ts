/**
 * Trust and money, tried as a hostile but honest user would: the same invoice sent many times at
 * once, people deciding their own invoices or two levels of one, decisions racing each other, and
 * decisions forged by anyone who can reach Temporal. A real API, worker and dev server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApplicationFailure } from '@temporalio/common';
import { signDecision } from '../../activities/human-tasks/proof.js';
import { ledgerEntriesForInvoice } from '../../db/ledger.js';
import { createVendor } from '../../db/vendors.js';
import { decideUpdate } from '../../domain/messages.js';
import { apiClient } from '../helpers/api.js';
import { invoiceText, waitForResult } from '../helpers/invoices.js';
import { decide, signalDecision, waitForPendingTask, waitForState } from '../helpers/runs.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

const PEOPLE = {
  alice: 'tok-alice-00001', // admin
  bob: 'tok-bob-000002', // ap_clerk and manager
  carol: 'tok-carol-0003', // manager
  dave: 'tok-dave-00004', // finance_director
  erin: 'tok-erin-00005', // ap_clerk
};
const AUTH_TOKENS = `${PEOPLE.alice}=alice:admin,${PEOPLE.bob}=bob:ap_clerk|manager,${PEOPLE.carol}=carol:manager,${PEOPLE.dave}=dave:finance_director,${PEOPLE.erin}=erin:ap_clerk`;

describe('trust and money', () => {
  let stack: TestStack;
  let call: ReturnType<typeof apiClient>;
  const decision = (taskId: string, token: string, body: { decision: 'approve' | 'reject'; comment?: string }) =>
    call('POST', `/api/tasks/${encodeURIComponent(taskId)}/decision`, { token, json: body });
  const submitText = async (token: string, text: string) => {
    const res = await call('POST', '/api/invoices', { token, json: { text } });
    assert.equal(res.status, 202, JSON.stringify(res.data));
    return res.data as { id: string; workflowId: string };
  };

  before(async () => {
    stack = await startTestStack({ api: true, env: { AUTH_TOKENS } });
    call = apiClient(stack.api!.url);
    await createVendor(stack.db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111' });
  });
  after(async () => {
    await stack.stop();
    await stopOwnTemporal();
  });

  test('20 identical invoices submitted at once: one is posted, 19 are rejected as duplicates naming it', async () => {
    const text = invoiceText({ number: 'RACE-20', lines: [{ description: 'Paper', quantity: 10, unitPrice: 45 }] });
    const submitted = await Promise.all(Array.from({ length: 20 }, () => submitText(PEOPLE.erin, text)));
    assert.equal(new Set(submitted.map((s) => s.id)).size, 20, 'twenty separate submissions');
    const states = await Promise.all(submitted.map((s) => waitForResult(stack.client, s.workflowId)));
    const posted = states.filter((s) => s.status === 'posted');
    assert.equal(posted.length, 1, JSON.stringify(states.map((s) => [s.status, s.reason])));
    const winner = posted[0]!;
    const losers = states.filter((s) => s.status !== 'posted');
    assert.equal(losers.length, 19);
    for (const loser of losers) {
      assert.deepEqual([loser.status, loser.reason], ['rejected', 'duplicate_invoice']);
      assert.match(loser.reasonMessage ?? '', new RegExp(winner.id), 'the rejection names the invoice that holds the number');
    }
    const entries = (await Promise.all(submitted.map((s) => ledgerEntriesForInvoice(stack.db, s.id)))).flat();
    assert.equal(entries.length, 1, 'one ledger entry');
  });

  test('a rejected invoice gives its number back: the same invoice sent again can be posted', async () => {
    const text = invoiceText({ number: 'AGAIN-1', lines: [{ description: 'Desk', quantity: 1, unitPrice: 2000 }] });
    const first = await submitText(PEOPLE.erin, text);
    const taskId = await waitForPendingTask(stack.client, first.workflowId, 'manager');
    assert.equal((await decision(taskId, PEOPLE.carol, { decision: 'reject', comment: 'Wrong cost centre' })).status, 202);
    assert.equal((await waitForResult(stack.client, first.workflowId)).status, 'rejected');
    const second = await submitText(PEOPLE.erin, text);
    const secondTask = await waitForPendingTask(stack.client, second.workflowId, 'manager');
    assert.equal((await decision(secondTask, PEOPLE.carol, { decision: 'approve' })).status, 202);
    assert.equal((await waitForResult(stack.client, second.workflowId)).status, 'posted');
  });

  test('the submitter, even an admin, never decides their own invoice: 403 own_submission, and the workflow ignores it too', async () => {
    const { id, workflowId } = await submitText(
      PEOPLE.alice,
      invoiceText({ number: 'SOD-1', lines: [{ description: 'Laptop', quantity: 1, unitPrice: 2000 }] }),
    );
    const taskId = await waitForPendingTask(stack.client, workflowId, 'manager');
    const own = await decision(taskId, PEOPLE.alice, { decision: 'approve' });
    assert.deepEqual([own.status, own.data.code], [403, 'own_submission']);
    const inbox = await call('GET', '/api/tasks?status=pending', { token: PEOPLE.alice });
    assert.ok(!inbox.data.items.some((t: { id: string }) => t.id === taskId), 'the inbox does not offer one’s own invoice');

    // Past the API, straight to Temporal with a valid proof: the workflow refuses it as well.
    assert.equal(await decide(stack, workflowId, { taskId, decision: 'approve', by: 'alice', roles: ['admin'] }), 'own_submission');
    await signalDecision(stack, workflowId, { taskId, decision: 'approve', by: 'alice', roles: ['admin'] });
    const ignored = await waitForState(stack.client, workflowId, (s) => s.ignoredDecisions.length === 1);
    assert.deepEqual([ignored.ignoredDecisions[0]?.by, ignored.ignoredDecisions[0]?.reason], ['alice', 'own_submission']);
    assert.equal(ignored.status, 'awaiting_approval');

    assert.equal((await decision(taskId, PEOPLE.carol, { decision: 'approve' })).status, 202);
    assert.equal((await waitForResult(stack.client, workflowId)).status, 'posted');
    assert.equal((await ledgerEntriesForInvoice(stack.db, id)).length, 1);
  });

  test('one person cannot take two approval levels of one invoice, nor review their own', async () => {
    const { workflowId } = await submitText(
      PEOPLE.bob,
      invoiceText({ vendor: 'Brand New Vendor Ltd', taxId: 'GB123123123', number: 'SOD-2', lines: [{ description: 'Widgets', quantity: 20, unitPrice: 100 }] }),
    );
    const review = await waitForPendingTask(stack.client, workflowId, 'ap_clerk');
    assert.equal((await decision(review, PEOPLE.bob, { decision: 'approve', comment: 'mine' })).data.code, 'own_submission');
    assert.equal((await decision(review, PEOPLE.alice, { decision: 'approve', comment: 'New supplier, contract on file' })).status, 202);

    const manager = await waitForPendingTask(stack.client, workflowId, 'manager');
    const twice = await decision(manager, PEOPLE.alice, { decision: 'approve' });
    assert.deepEqual([twice.status, twice.data.code], [403, 'second_approval_level']);
    assert.equal((await decision(manager, PEOPLE.bob, { decision: 'approve' })).data.code, 'own_submission');
    assert.equal((await decision(manager, PEOPLE.carol, { decision: 'approve' })).status, 202);
    const state = await waitForResult(stack.client, workflowId);
    assert.equal(state.status, 'posted');
    assert.deepEqual(
      state.tasks.map((a) => a.decision?.by),
      ['alice', 'carol'],
    );
  });

  test('two decisions for one task, at once or one right after the other: exactly one counts, the other gets 409', async () => {
    for (let round = 0; round < 4; round++) {
      const { workflowId } = await submitText(
        PEOPLE.erin,
        invoiceText({ number: `RACE-DEC-${round}`, lines: [{ description: 'Chairs', quantity: 4, unitPrice: 500 }] }),
      );
      const taskId = await waitForPendingTask(stack.client, workflowId, 'manager');
      const answers = await Promise.all([
        decision(taskId, PEOPLE.carol, { decision: 'approve' }),
        decision(taskId, PEOPLE.alice, { decision: 'reject', comment: 'Not budgeted' }),
      ]);
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(statuses, [202, 409], JSON.stringify(answers.map((a) => a.data)));
      assert.equal(answers.find((a) => a.status === 409)!.data.code, 'already_decided');
      // Right after a 202 the task is decided, whatever the inbox has caught up with: another
      // person, or the winner sending the same decision again, gets 409.
      const after202 = await decision(taskId, PEOPLE.bob, { decision: 'approve' });
      assert.deepEqual([after202.status, after202.data.code], [409, 'already_decided']);
      const winnerAgain =
        answers[0].status === 202
          ? decision(taskId, PEOPLE.carol, { decision: 'approve' })
          : decision(taskId, PEOPLE.alice, { decision: 'reject', comment: 'Not budgeted' });
      assert.equal((await winnerAgain).status, 409);

      const state = await waitForResult(stack.client, workflowId);
      const winner = answers.find((a) => a.status === 202)!.data.decision as string;
      assert.equal(state.tasks[0]?.decision?.decision, winner);
      assert.equal(state.status, winner === 'approve' ? 'posted' : 'rejected');
      assert.equal(state.tasks.filter((a) => a.decision).length, 1, 'one decision recorded');
    }
  });

  test('a decision without the API’s proof is recorded and ignored, whatever roles it claims', async () => {
    const { id, workflowId } = await submitText(
      PEOPLE.erin,
      invoiceText({ number: 'FORGED-1', lines: [{ description: 'Gold bars', quantity: 1, unitPrice: 5000 }] }),
    );
    const taskId = await waitForPendingTask(stack.client, workflowId, 'manager');
    await signalDecision(stack, workflowId, { taskId, decision: 'approve', by: 'mallory', roles: ['admin'] }, { sign: false });
    const wrongKey = signDecision('another-key-that-is-not-the-shared-one', workflowId, {
      taskId,
      decision: 'approve',
      by: 'mallory',
      roles: ['admin'],
      at: new Date().toISOString(),
    });
    await stack.client.workflow.getHandle(workflowId).signal('decision', wrongKey);
    // A proof for other fields does not carry over: the roles are part of what is signed.
    const tampered = {
      ...signDecision(stack.config.decisionSigningKey, workflowId, {
        taskId,
        decision: 'approve',
        by: 'mallory',
        roles: ['ap_clerk'],
        at: new Date().toISOString(),
      }),
      roles: ['admin' as const],
    };
    await assert.rejects(stack.client.workflow.getHandle(workflowId).executeUpdate(decideUpdate, { args: [tampered] }), (error: Error) => {
      assert.equal((error.cause as ApplicationFailure | undefined)?.type, 'invalid_proof');
      return true;
    });

    const state = await waitForState(stack.client, workflowId, (s) => s.ignoredDecisions.length === 3);
    assert.deepEqual(
      state.ignoredDecisions.map((d) => d.reason),
      ['invalid_proof', 'invalid_proof', 'invalid_proof'],
    );
    assert.equal(state.status, 'awaiting_approval');
    assert.equal(state.tasks[0]?.status, 'pending');
    assert.equal((await ledgerEntriesForInvoice(stack.db, id)).length, 0);
  });
});

describe('separation of duties when nobody else holds the role', () => {
  let stack: TestStack;
  let call: ReturnType<typeof apiClient>;

  before(async () => {
    // Bob is the only manager, and there is no admin: his own invoice must go to someone else.
    stack = await startTestStack({ api: true, env: { AUTH_TOKENS: `${PEOPLE.bob}=bob:ap_clerk|manager,${PEOPLE.dave}=dave:finance_director` } });
    call = apiClient(stack.api!.url);
    await createVendor(stack.db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111' });
  });
  after(async () => {
    await stack.stop();
    await stopOwnTemporal();
  });

  test('escalation finds someone who may decide: the task goes to the next role at once', async () => {
    const res = await call('POST', '/api/invoices', {
      token: PEOPLE.bob,
      json: { text: invoiceText({ number: 'SOD-ESC-1', lines: [{ description: 'Monitor', quantity: 4, unitPrice: 500 }] }) },
    });
    assert.equal(res.status, 202);
    const taskId = await waitForPendingTask(stack.client, res.data.workflowId, 'finance_director');
    const state = await waitForState(stack.client, res.data.workflowId, (s) => s.tasks[0]?.role === 'finance_director');
    assert.equal(state.tasks[0]?.originalRole, 'manager');
    const inbox = await call('GET', '/api/tasks?status=pending', { token: PEOPLE.dave });
    assert.ok(inbox.data.items.some((t: { id: string; requiredRole: string }) => t.id === taskId && t.requiredRole === 'finance_director'));
    assert.equal((await call('POST', `/api/tasks/${encodeURIComponent(taskId)}/decision`, { token: PEOPLE.bob, json: { decision: 'approve' } })).status, 403);
    assert.equal((await call('POST', `/api/tasks/${encodeURIComponent(taskId)}/decision`, { token: PEOPLE.dave, json: { decision: 'approve' } })).status, 202);
    assert.equal((await waitForResult(stack.client, res.data.workflowId)).status, 'posted');
  });
});
