/**
 * Documents are read on parser threads: a heavy one does not hold the thread that runs every
 * workflow task and activity, one that runs too long is stopped, and errors keep their meaning.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCpuPool, ParserTimeoutError, type CpuPool } from '../../activities/cpu/pool.js';
import { UnreadableDocumentError } from '../../activities/documents.js';
import { createOfflineProvider } from '../../activities/ai/index.js';
import { extractInvoiceTask } from '../../activities/invoice/ai-tasks.js';
import { textToPdf } from '../helpers/documents.js';

let pool: CpuPool;
let heavyPdf: Uint8Array;
before(async () => {
  pool = createCpuPool({ threads: 1, timeoutMs: 60_000 });
  heavyPdf = await textToPdf(Array.from({ length: 6000 }, (_, i) => `Item ${i}   widget number ${i}    1    1.00    1.00`).join('\n'));
});
after(() => pool.close());

test('a heavy PDF is read on a parser thread while the main thread keeps answering', async () => {
  await pool.run('parse', { content: heavyPdf, contentType: 'application/pdf' }); // the thread is started and warm
  let maxLag = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    maxLag = Math.max(maxLag, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  const parsed = await pool.run('parse', { content: heavyPdf, contentType: 'application/pdf' });
  const took = performance.now() - started;
  clearInterval(ticker);
  assert.match(parsed.text, /Item 5999/);
  assert.ok(took > 200, `the document is heavy enough to matter (${took.toFixed(0)} ms)`);
  assert.ok(maxLag < took / 2, `the main thread was never held for long (longest gap ${maxLag.toFixed(0)} ms of ${took.toFixed(0)} ms)`);
});

test('a job past the time limit is stopped and fails; the pool goes on with a fresh thread', async () => {
  const strict = createCpuPool({ threads: 1, timeoutMs: 1 });
  try {
    await assert.rejects(strict.run('parse', { content: heavyPdf, contentType: 'application/pdf' }), ParserTimeoutError);
  } finally {
    await strict.close();
  }
  const fields = await createOfflineProvider(pool).run(extractInvoiceTask, 'INVOICE\nInvoice No: 7\nTotal: 12.00 EUR');
  assert.equal(fields.total, 12);
});

test('an unreadable document stays an unreadable document across the thread boundary', async () => {
  await assert.rejects(pool.run('parse', { content: Buffer.from('%PDF-1.7 broken'), contentType: 'application/pdf' }), UnreadableDocumentError);
});
