/**
 * Prints alert figures (it asserts nothing): `npm run bench:alerts` (and `npm run bench`).
 *  - ingest: events per second through POST /api/events on a real dev server, API and worker,
 *    repeats of a few alerts among them (so most events join an open incident: dedup);
 *  - event -> first page: from the POST of a new alert to its first page in the outbox, with
 *    ALERT_PAUSE_FOR set to 1 ms (add the configured pause for the real figure).
 * BENCH_ALERT_EVENTS (default 600), BENCH_ALERT_KEYS (default 30) and BENCH_CONCURRENCY (default 20) size the run.
 */
import { performance } from 'node:perf_hooks';
import { listDeliveries } from '../../db/deliveries.js';
import { alertWorkflowId } from '../../domain/alerts/event.js';
import { startTestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

const events = Number(process.env.BENCH_ALERT_EVENTS ?? 600);
const keys = Number(process.env.BENCH_ALERT_KEYS ?? 30);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 20);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const stack = await startTestStack({ api: true, env: { ALERT_PAUSE_FOR: '1ms' } });
try {
  const post = async (dedupKey: string, summary: string) => {
    const res = await fetch(`${stack.api!.url}/api/events`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-integration', 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'bench', summary, severity: 'warning', dedupKey, action: 'trigger' }),
    });
    if (res.status !== 202) throw new Error(`POST /api/events answered ${res.status}: ${await res.text()}`);
  };

  const run = Date.now().toString(36);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < events) {
        const i = next++;
        await post(`ingest-${run}-${i % keys}`, `Bench alert ${i % keys}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `ingest: ${events} events (${keys} alerts, ${events - keys} repeats joining them), ${concurrency} at once: ${seconds.toFixed(1)} s = ${(events / seconds).toFixed(0)} events/s`,
  );

  const firstPage: number[] = [];
  const probes = 20;
  for (let i = 0; i < probes; i++) {
    const key = `page-${run}-${i}`;
    const t0 = Date.now();
    await post(key, `Bench page ${i}`);
    const workflowId = alertWorkflowId('bench', key);
    for (;;) {
      const page = await listDeliveries(stack.db, { workflowId, limit: 1, offset: 0 });
      const first = page.items[0];
      if (first) {
        firstPage.push(Date.parse(first.createdAt) - t0);
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  firstPage.sort((a, b) => a - b);
  console.log(
    `event -> first page (${probes} new alerts, one at a time, pause 1 ms): p50 ${percentile(firstPage, 50)} ms, p95 ${percentile(firstPage, 95)} ms, max ${firstPage.at(-1)} ms`,
  );
  const mem = process.memoryUsage();
  console.log(
    `  memory of the process running API + worker + client: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`,
  );
} finally {
  await stack.stop();
  await stopOwnTemporal();
}
