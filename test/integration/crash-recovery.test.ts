/**
 * A worker killed mid-step (kill -9, no goodbye): its step is picked up by another worker within
 * seconds, because long steps heartbeat and short ones have timeouts sized to what they do, not
 * after the minutes of a start-to-close timeout.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createOpenAiProvider } from '../../activities/ai/openai.js';
import { ledgerEntriesForInvoice } from '../../db/ledger.js';
import { createVendor } from '../../db/vendors.js';
import { startFakeOpenAi, formatName, modelFields } from '../helpers/fake-openai.js';
import { invoiceText, submit, waitForResult } from '../helpers/invoices.js';
import { eventually } from '../helpers/runs.js';
import { startTestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';
import { spawnEntry } from '../helpers/processes.js';
import { databaseEnv } from '../helpers/postgres.js';

after(() => stopOwnTemporal());

test('a worker killed while a model is answering: another worker finishes the invoice within 30 s, posted once', async () => {
  // The model hangs on the first extraction (the worker will die waiting) and answers after that.
  let extractions = 0;
  const fake = await startFakeOpenAi((req) => {
    if (formatName(req) === 'classification') return { kind: 'json', value: { isInvoice: true, documentType: 'invoice', confidence: 0.9, reason: 'A bill.' } };
    return ++extractions === 1 ? { kind: 'hang', ms: 120_000 } : { kind: 'json', value: modelFields('KILL-1') };
  });
  const stack = await startTestStack({
    worker: false,
    ai: createOpenAiProvider({ apiKey: 'sk-test', baseUrl: fake.baseUrl, model: 'gpt-test', timeoutMs: 60_000 }),
  });
  const child = await spawnEntry('workers/main.ts', {
    INVOICE_TASK_QUEUE: stack.config.temporal.taskQueue,
    ...databaseEnv(stack.config.database),
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: fake.baseUrl,
    OPENAI_MODEL: 'gpt-test',
    OPENAI_TIMEOUT: '60s',
  });
  try {
    await createVendor(stack.db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111' });
    const { id, workflowId } = await submit(stack, invoiceText({ number: 'KILL-1', lines: [{ description: 'Paper', quantity: 10, unitPrice: 45 }] }));
    // The first worker is inside the extraction step, waiting for the model.
    await eventually(async () => assert.equal(extractions, 1), 60_000);
    child.kill('SIGKILL');
    const killedAt = Date.now();
    await stack.startWorker();

    const state = await waitForResult(stack.client, workflowId, 90_000);
    const seconds = (Date.now() - killedAt) / 1000;
    console.log(`resumed and finished ${seconds.toFixed(1)} s after the worker was killed`);
    assert.equal(state.status, 'posted');
    assert.ok(seconds < 30, `finished ${seconds.toFixed(1)} s after the kill`);
    assert.equal(extractions, 2, 'the step ran once more, on the new worker');
    assert.equal((await ledgerEntriesForInvoice(stack.db, id)).length, 1);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await stack.stop();
    await fake.close();
  }
});
