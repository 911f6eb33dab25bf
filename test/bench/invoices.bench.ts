/**
 * Prints speed and memory figures (it asserts nothing): `npm run bench`.
 *  - the offline reader: milliseconds per document over the fixture set, as text and as PDF;
 *  - invoices end to end on a real dev server and worker: latency from submit to posted, and
 *    throughput with N in flight at once.
 * BENCH_INVOICES (default 60) and BENCH_CONCURRENCY (default 10) size the run.
 */
import { performance } from 'node:perf_hooks';
import { documentToText } from '../../activities/documents.js';
import { extractInvoiceOffline } from '../../activities/ai/offline/extract.js';
import { createVendor } from '../../db/vendors.js';
import { fixtureDocument, loadInvoiceFixtures } from '../helpers/fixtures.js';
import { invoiceText, submit, waitForResult } from '../helpers/invoices.js';
import { startTestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

const count = Number(process.env.BENCH_INVOICES ?? 60);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 10);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function offlineReader(): Promise<void> {
  const fixtures = loadInvoiceFixtures();
  for (const format of ['text', 'pdf'] as const) {
    const docs = await Promise.all(fixtures.map((f) => fixtureDocument({ ...f, format })));
    const rounds = 5;
    const started = performance.now();
    for (let r = 0; r < rounds; r++) {
      for (const doc of docs) extractInvoiceOffline((await documentToText(doc.content, doc.contentType)).text);
    }
    const perDoc = (performance.now() - started) / (rounds * docs.length);
    console.log(`offline reader, ${format.padEnd(4)}: ${perDoc.toFixed(2)} ms per document (parse + extract, ${docs.length} documents x ${rounds})`);
  }
}

async function endToEnd(): Promise<void> {
  const stack = await startTestStack();
  try {
    await createVendor(stack.db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111' });
    const latencies: number[] = [];
    const started = performance.now();
    let next = 0;
    const lane = async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const { workflowId } = await submit(stack, invoiceText({ number: `BENCH-${i}`, lines: [{ description: 'Paper', quantity: 10, unitPrice: 45 }] }));
        const state = await waitForResult(stack.client, workflowId, 120_000);
        if (state.status !== 'posted') throw new Error(`${workflowId} ended ${state.status}`);
        latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(
      `end to end (auto-approved invoices, ${concurrency} in flight): ${count} in ${seconds.toFixed(1)} s = ${(count / seconds).toFixed(1)} invoices/s`,
    );
    console.log(
      `  latency submit -> posted: p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, max ${latencies[latencies.length - 1]!.toFixed(0)} ms`,
    );
    const mem = process.memoryUsage();
    console.log(
      `  memory of the process running worker + client: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`,
    );
  } finally {
    await stack.stop();
    await stopOwnTemporal();
  }
}

await offlineReader();
await endToEnd();
