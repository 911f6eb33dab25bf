/**
 * Inputs past what an invoice can be: a document with 100,000 line items ends rejected with a clear
 * reason (its result never outgrows what Temporal carries), and a failure that is not the AI
 * model's is reported as what it is, not as an AI fallback.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import { createOfflineProvider } from '../../activities/ai/index.js';
import { extractInvoiceTask } from '../../activities/invoice/ai-tasks.js';
import { createVendor } from '../../db/vendors.js';
import { invoiceStatusQuery } from '../../domain/messages.js';
import { invoiceText, submit, waitForResult } from '../helpers/invoices.js';
import { startTestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

after(() => stopOwnTemporal());

test('an invoice with 100,000 line items is rejected as too_many_line_items, not failed', async () => {
  const stack = await startTestStack();
  try {
    const rows = Array.from({ length: 100_000 }, (_, i) => `Widget ${i}                  1        1.00        1.00`).join('\n');
    const text = `Acme Supplies GmbH\nINVOICE\nInvoice No: HUGE-1\nDate: 2026-03-01\n\nDescription              Qty     Price     Amount\n${rows}\n\nTotal                                  100000.00 EUR`;
    const { workflowId } = await submit(stack, text);
    const state = await waitForResult(stack.client, workflowId, 60_000);
    assert.deepEqual([state.status, state.reason], ['rejected', 'too_many_line_items']);
    assert.match(state.reasonMessage ?? '', /line items, more than the 1000/);
    assert.ok(!state.details.findings.some((f) => f.code === 'ai_fallback'), 'no AI model was involved');
  } finally {
    await stack.stop();
  }
});

test('a failure that is not the model’s (here: storage) fails the invoice naming it, with no AI fallback', async () => {
  const offline = createOfflineProvider();
  const stack = await startTestStack({
    ai: {
      name: 'broken-store',
      run: async (task, input) => {
        if (task.name === extractInvoiceTask.name) throw ApplicationFailure.nonRetryable('the document store returned a truncated page', 'StorageCorrupted');
        return offline.run(task, input);
      },
    },
  });
  try {
    await createVendor(stack.db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111' });
    const { workflowId } = await submit(stack, invoiceText({ number: 'BROKEN-1' }));
    const handle = stack.client.workflow.getHandle(workflowId);
    await assert.rejects(handle.result(), WorkflowFailedError);
    const state = await handle.query(invoiceStatusQuery);
    assert.equal(state.status, 'failed');
    assert.match(state.reasonMessage ?? '', /truncated page/);
    assert.ok(!state.details.findings.some((f) => f.code === 'ai_fallback'));
  } finally {
    await stack.stop();
  }
});
