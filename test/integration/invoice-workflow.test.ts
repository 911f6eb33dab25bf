/** The invoice process end to end on a real Temporal dev server, a real worker and a real SQLite file. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { invoiceWorkflowInput } from '../../activities/invoice/submit.js';
import { invoiceWorkflowId } from '../../domain/ids.js';
import { invoiceStatusQuery } from '../../domain/messages.js';
import type { InvoiceState } from '../../domain/invoice-state.js';
import type { InvoiceSummary } from '../../db/invoices.js';
import type { invoiceWorkflow } from '../../workflows/invoice.js';
import { InvoiceTotalKey, ProcessStatusKey, ProcessTypeKey, VendorKey } from '../../domain/search-attributes.js';
import { workflowMetadataQuery } from '@temporalio/workflow';
import type { Role } from '../../domain/roles.js';
import { ledgerEntriesForInvoice } from '../../db/ledger.js';
import { notificationsForWorkflow } from '../../db/notifications.js';
import { createPurchaseOrder, getPurchaseOrder } from '../../db/purchase-orders.js';
import { createVendor } from '../../db/vendors.js';
import { getApprovalTask } from '../../db/approvals.js';
import { getInvoice } from '../../db/invoices.js';
import { invoiceText, submit, waitForResult } from '../helpers/invoices.js';
import { decide, eventually, signalDecision, waitForPendingTask, waitForState } from '../helpers/runs.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';
import { textToPdf } from '../helpers/documents.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'invoices');

function decideAs(stack: TestStack, workflowId: string, taskId: string, decision: 'approve' | 'reject', by: string, roles: Role[], comment?: string) {
  return decide(stack, workflowId, { taskId, decision, by, roles, ...(comment && { comment }) });
}

describe('invoice workflow', () => {
  let stack: TestStack;
  let vendorId: string;

  before(async () => {
    stack = await startTestStack();
    vendorId = (await createVendor(stack.db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111', aliases: ['Acme'] })).id;
    await createVendor(stack.db, { name: 'Shady Supplies Ltd', taxId: 'GB999999999', status: 'blocked' });
  });
  after(async () => {
    await stack.stop();
    await stopOwnTemporal();
  });

  test('a clean invoice below the auto-approval limit is posted without a person, once, and the submitter is told', async () => {
    await createPurchaseOrder(stack.db, { number: 'PO-AUTO-1', vendorId, amount: 5000, currency: 'EUR' });
    const { id, workflowId } = await submit(
      stack,
      invoiceText({ number: 'A-1', po: 'PO-AUTO-1', lines: [{ description: 'Paper', quantity: 10, unitPrice: 45 }] }),
    );
    const state = await waitForResult(stack.client, workflowId);
    assert.equal(state.status, 'posted', JSON.stringify(state.details.findings));
    assert.equal(state.details.route?.outcome, 'auto_approve');
    assert.equal(state.tasks.length, 0);
    assert.equal(state.details.extracted?.total, 495);
    assert.equal(state.details.extracted?.invoiceNumber, 'A-1');
    assert.equal(state.details.vendorId, vendorId);
    assert.equal(state.details.ledgerEntry?.amount, 495);
    const entries = await ledgerEntriesForInvoice(stack.db, id);
    assert.equal(entries.length, 1);
    const po = await getPurchaseOrder(stack.db, state.details.purchaseOrderId!);
    assert.equal(po?.remaining, 4505, 'the PO balance is reduced by the total');
    const register = await getInvoice(stack.db, id);
    assert.equal(register?.status, 'posted');
    const outbox = await notificationsForWorkflow(stack.db, workflowId);
    assert.ok(outbox.some((n) => n.recipient === 'mailroom' && /posted/.test(n.subject)));

    // What the Temporal UI shows: search attributes to list and filter by, and current details.
    const handle = stack.client.workflow.getHandle(workflowId);
    const description = await handle.describe();
    assert.equal(description.typedSearchAttributes.get(ProcessTypeKey), 'invoice');
    assert.equal(description.typedSearchAttributes.get(ProcessStatusKey), 'posted');
    assert.equal(description.typedSearchAttributes.get(VendorKey), 'Acme Supplies GmbH');
    assert.equal(description.typedSearchAttributes.get(InvoiceTotalKey), 495);
    assert.match((await description.staticSummary()) ?? '', new RegExp(id));
    const metadata = await handle.query(workflowMetadataQuery);
    assert.match(metadata.currentDetails ?? '', /Vendor:\*\* Acme Supplies GmbH/);
    assert.match(metadata.currentDetails ?? '', /Total:\*\* EUR 495\.00/);
  });

  test('an invoice between the limits waits for a manager, whose approval posts it', async () => {
    const { workflowId } = await submit(stack, invoiceText({ number: 'M-1', lines: [{ description: 'Laptop', quantity: 2, unitPrice: 1500 }] }));
    const taskId = await waitForPendingTask(stack.client, workflowId, 'manager');
    const pending = await waitForState<InvoiceState>(stack.client, workflowId, (s) => s.tasks.length === 1);
    assert.equal(pending.status, 'awaiting_approval');
    assert.deepEqual(
      pending.details.route?.steps.map((s) => s.role),
      ['manager'],
    );
    await decideAs(stack, workflowId, taskId, 'approve', 'dev-manager', ['manager']);
    const state = await waitForResult(stack.client, workflowId);
    assert.equal(state.status, 'posted');
    assert.equal(state.tasks[0]?.status, 'approved');
    assert.equal(state.tasks[0]?.decision?.by, 'dev-manager');
    const task = await getApprovalTask(stack.db, taskId);
    assert.equal(task?.status, 'approved');
  });

  test('above the manager limit a manager and then a finance director approve', async () => {
    const { workflowId } = await submit(stack, invoiceText({ number: 'D-1', lines: [{ description: 'Server rack', quantity: 1, unitPrice: 24000 }] }));
    const first = await waitForPendingTask(stack.client, workflowId, 'manager');
    // The director cannot decide the manager's step, nor anyone a task this invoice does not have:
    // the workflow refuses both before they enter its history.
    assert.equal(await decideAs(stack, workflowId, first, 'approve', 'dev-director', ['finance_director']), 'role_not_allowed');
    assert.equal(await decideAs(stack, workflowId, 'invoice-other:manager', 'approve', 'dev-manager', ['manager']), 'unknown_task');
    // Sent as signals, the same decisions are recorded and ignored.
    await signalDecision(stack, workflowId, { taskId: first, decision: 'approve', by: 'dev-director', roles: ['finance_director'] });
    assert.equal(await decideAs(stack, workflowId, first, 'approve', 'dev-manager', ['manager']), 'recorded');
    const second = await waitForPendingTask(stack.client, workflowId, 'finance_director');
    assert.notEqual(second, first);
    assert.equal(await decideAs(stack, workflowId, second, 'approve', 'dev-director', ['finance_director']), 'recorded');
    const state = await waitForResult(stack.client, workflowId);
    assert.equal(state.status, 'posted');
    assert.deepEqual(
      state.tasks.map((a) => [a.role, a.status]),
      [
        ['manager', 'approved'],
        ['finance_director', 'approved'],
      ],
    );
    assert.deepEqual(
      state.ignoredDecisions.map((d) => [d.by, d.reason]),
      [['dev-director', 'role_not_allowed']],
    );
  });

  test('a rejection ends the invoice rejected with the approver and comment, and nothing is posted', async () => {
    const { id, workflowId } = await submit(stack, invoiceText({ number: 'R-1', lines: [{ description: 'Catering', quantity: 1, unitPrice: 2000 }] }));
    const taskId = await waitForPendingTask(stack.client, workflowId, 'manager');
    assert.equal(await decideAs(stack, workflowId, taskId, 'reject', 'dev-manager', ['manager'], 'Not ordered by us'), 'recorded');
    // A second decision on the same task is refused and changes nothing.
    assert.equal(await decideAs(stack, workflowId, taskId, 'approve', 'dev-admin', ['admin']), 'not_pending');
    const state = await waitForResult(stack.client, workflowId);
    assert.equal(state.status, 'rejected');
    assert.equal(state.reason, 'rejected_by_approver');
    assert.match(state.reasonMessage ?? '', /Not ordered by us/);
    assert.equal((await ledgerEntriesForInvoice(stack.db, id)).length, 0);
    const outbox = await notificationsForWorkflow(stack.db, workflowId);
    assert.ok(outbox.some((n) => n.recipient === 'mailroom' && /rejected/.test(n.subject)));
  });

  test('an unknown vendor goes to an AP clerk for review; approval needs a comment; then it is posted', async () => {
    const { workflowId } = await submit(
      stack,
      invoiceText({ vendor: 'Brand New Vendor Ltd', taxId: 'GB123123123', number: 'U-1', lines: [{ description: 'Widgets', quantity: 3, unitPrice: 100 }] }),
    );
    const taskId = await waitForPendingTask(stack.client, workflowId, 'ap_clerk');
    const waiting = await waitForState<InvoiceState>(stack.client, workflowId, (s) => s.tasks.length === 1);
    assert.ok(waiting.details.findings.some((f) => f.code === 'vendor_unknown' && f.severity === 'error'));
    assert.equal(waiting.tasks[0]?.kind, 'review');
    assert.equal(await decideAs(stack, workflowId, taskId, 'approve', 'dev-clerk', ['ap_clerk']), 'comment_required');
    assert.equal(await decideAs(stack, workflowId, taskId, 'approve', 'dev-clerk', ['ap_clerk'], 'New supplier, contract on file'), 'recorded');
    const state = await waitForResult(stack.client, workflowId);
    assert.equal(state.status, 'posted');
    assert.equal(state.tasks[0]?.decision?.comment, 'New supplier, contract on file');
  });

  test('a duplicate of a posted invoice is rejected at once', async () => {
    const text = invoiceText({ number: 'DUP-7', lines: [{ description: 'Toner', quantity: 1, unitPrice: 90 }] });
    const first = await submit(stack, text);
    assert.equal((await waitForResult(stack.client, first.workflowId)).status, 'posted');
    const second = await submit(stack, text.replace('Acme Supplies GmbH', 'ACME supplies gmbh.'));
    const state = await waitForResult(stack.client, second.workflowId);
    assert.equal(state.status, 'rejected');
    assert.equal(state.reason, 'duplicate_invoice');
    assert.equal(state.tasks.length, 0);
  });

  test('an invoice from a blocked vendor is rejected at once', async () => {
    const { workflowId } = await submit(stack, invoiceText({ vendor: 'Shady Supplies Ltd', taxId: 'GB999999999', number: 'B-1' }));
    const state = await waitForResult(stack.client, workflowId);
    assert.equal(state.status, 'rejected');
    assert.equal(state.reason, 'vendor_blocked');
  });

  test('a blocked vendor whose tax id is printed on its name line is rejected at once, never reaching a person', async () => {
    await createVendor(stack.db, { name: 'Northwind Traders Ltd', taxId: 'GB555123499', status: 'blocked' });
    const text = fs.readFileSync(path.join(FIXTURES, '32-tax-id-on-name-line.txt'), 'utf8');
    const { workflowId } = await submit(stack, { content: await textToPdf(text), contentType: 'application/pdf' });
    const state = await waitForResult(stack.client, workflowId);
    assert.deepEqual([state.status, state.reason], ['rejected', 'vendor_blocked']);
    assert.equal(state.tasks.length, 0);
  });

  test('labels without a colon are read like labels with one', async () => {
    await createVendor(stack.db, { name: 'Kestrel Office Supply Inc.', taxId: '84-1234567' });
    const text = fs.readFileSync(path.join(FIXTURES, '33-labels-without-colon.txt'), 'utf8');
    const { workflowId } = await submit(stack, text);
    const state = await waitForPendingTask(stack.client, workflowId).then(() =>
      waitForState<InvoiceState>(stack.client, workflowId, (s) => s.tasks.length > 0),
    );
    assert.equal(state.details.extracted?.invoiceNumber, 'INV 5588');
    assert.equal(state.details.extracted?.poNumber, 'PO 7731');
    assert.ok(state.details.findings.some((f) => f.code === 'vendor_matched'));
  });

  test('a document that is not an invoice is rejected as not_an_invoice; an empty PDF as unreadable_document', async () => {
    const quote = await submit(stack, 'QUOTATION\n\nAcme Supplies GmbH\nQuote No: Q-1\nValid until 2026-05-01\n\nConsulting  1  500.00  500.00\nTotal 500.00');
    const notInvoice = await waitForResult(stack.client, quote.workflowId);
    assert.equal(notInvoice.status, 'rejected');
    assert.equal(notInvoice.reason, 'not_an_invoice');
    const { blankPdf } = await import('../helpers/documents.js');
    const scan = await submit(stack, { content: await blankPdf(), contentType: 'application/pdf' });
    const unreadable = await waitForResult(stack.client, scan.workflowId);
    assert.equal(unreadable.status, 'rejected');
    assert.equal(unreadable.reason, 'unreadable_document');
  });

  test('an error no retry can fix ends the invoice failed, visibly, and tells the submitter', async () => {
    const invoice = { id: 'broken-1', workflowId: invoiceWorkflowId('broken-1'), submittedBy: 'dev-clerk', source: 'api' } as InvoiceSummary;
    const handle = await stack.client.workflow.start<typeof invoiceWorkflow>('invoiceWorkflow', {
      taskQueue: stack.config.temporal.taskQueue,
      workflowId: invoice.workflowId,
      args: [invoiceWorkflowInput(stack.config, invoice, 'doc_that_does_not_exist')],
    });
    await assert.rejects(handle.result(), WorkflowFailedError);
    const state = await handle.query(invoiceStatusQuery);
    assert.equal(state.status, 'failed');
    assert.equal(state.reason, 'processing_error');
    assert.match(state.reasonMessage ?? '', /does not exist/);
    const outbox = await notificationsForWorkflow(stack.db, invoice.workflowId);
    assert.ok(outbox.some((n) => n.recipient === 'dev-clerk' && /could not be processed/.test(n.subject)));
  });

  test('an operator cancelling a waiting invoice closes its task and records why', async () => {
    const { id, workflowId } = await submit(stack, invoiceText({ number: 'C-1', lines: [{ description: 'Sofa', quantity: 1, unitPrice: 3000 }] }));
    const taskId = await waitForPendingTask(stack.client, workflowId, 'manager');
    await eventually(async () => assert.equal((await getApprovalTask(stack.db, taskId))?.status, 'pending'));
    const handle = stack.client.workflow.getHandle(workflowId);
    await handle.cancel();
    await assert.rejects(handle.result(), WorkflowFailedError);
    const state = await handle.query(invoiceStatusQuery);
    assert.deepEqual([state.status, state.reason], ['rejected', 'cancelled']);
    assert.equal((await getApprovalTask(stack.db, taskId))?.status, 'expired', 'the inbox no longer offers it');
    assert.equal((await getInvoice(stack.db, id))?.reason, 'cancelled');
  });

  test('arithmetic errors send an invoice to review even when it is small', async () => {
    const { workflowId } = await submit(stack, invoiceText({ number: 'AR-1', lines: [{ description: 'Pens', quantity: 10, unitPrice: 2 }], wrongTotal: 9 }));
    await waitForPendingTask(stack.client, workflowId, 'ap_clerk');
    const state = await waitForState<InvoiceState>(stack.client, workflowId, (s) => s.tasks.length === 1);
    assert.ok(state.details.findings.some((f) => f.code === 'total_mismatch'));
    // The understated total cannot lower the approvals: the amount used is the largest stated.
    assert.equal(state.details.route?.amount, 22);
  });
});
