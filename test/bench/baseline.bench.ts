/**
 * Prints the processes' speed beside bare Temporal workflows with the same number of steps (it
 * asserts nothing): `npm run bench:baseline`. On one dev server, in interleaved rounds of
 * BENCH_BASELINE_COUNT (default 200) workflows at 10 and at 50 in flight: auto-approved invoices
 * (submitted as the API submits them), a bare workflow of 7 no-op activities (the invoice's
 * count) and one of none; completions/s, p50/p95 latency, the ratio to the bare workflow with no
 * activities, and CPU-ms per workflow of this process (worker, client and the submitting code).
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createVendor } from '../../db/vendors.js';
import { invoiceText, submit, waitForResult } from '../helpers/invoices.js';
import { startTestStack } from '../helpers/stack.js';
import { stopOwnTemporal, temporalAddress } from '../helpers/temporal.js';

const count = Number(process.env.BENCH_BASELINE_COUNT ?? 200);
const rounds = Number(process.env.BENCH_BASELINE_ROUNDS ?? 2);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

const stack = await startTestStack();
const connection = await NativeConnection.connect({ address: await temporalAddress() });
const taskQueue = `bare-${randomUUID().slice(0, 8)}`;
const worker = await Worker.create({
  connection,
  taskQueue,
  workflowsPath: fileURLToPath(new URL('./baseline/workflows.ts', import.meta.url)),
  activities: { noop: async () => {} },
});
const running = worker.run();

interface Figures {
  perSecond: number;
  p50: number;
  p95: number;
  cpuMs: number;
}

/** Run `count` workflows `inFlight` at a time; `one` runs one to its end. */
async function measure(inFlight: number, one: (i: number) => Promise<void>): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await one(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  return { perSecond: count / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), cpuMs: (used.user + used.system) / 1000 / count };
}

try {
  await createVendor(stack.db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111' });
  let serial = 0;
  const kinds: Record<string, () => (i: number) => Promise<void>> = {
    'invoice auto-approve': () => async () => {
      const { workflowId } = await submit(stack, invoiceText({ number: `BASE-${serial++}`, lines: [{ description: 'Paper', quantity: 10, unitPrice: 45 }] }));
      const state = await waitForResult(stack.client, workflowId, 120_000);
      if (state.status !== 'posted') throw new Error(`${workflowId} ended ${state.status}`);
    },
    'bare, 7 no-op activities': () => async () => {
      await stack.client.workflow.execute('bareWorkflow', { taskQueue, workflowId: `bare7-${serial++}-${randomUUID()}`, args: [7] });
    },
    'bare, 0 activities': () => async () => {
      await stack.client.workflow.execute('bareWorkflow', { taskQueue, workflowId: `bare0-${serial++}-${randomUUID()}`, args: [0] });
    },
  };
  for (const inFlight of [10, 50]) {
    const results: Record<string, Figures[]> = {};
    // Interleaved: every kind once per round, so a slower minute of the machine hits them all.
    for (let r = 0; r < rounds; r++) for (const [name, make] of Object.entries(kinds)) (results[name] ??= []).push(await measure(inFlight, make()));
    const mean = (xs: Figures[], f: (x: Figures) => number) => xs.reduce((s, x) => s + f(x), 0) / xs.length;
    const bare = mean(results['bare, 0 activities']!, (x) => x.perSecond);
    for (const [name, figures] of Object.entries(results)) {
      const perSecond = mean(figures, (x) => x.perSecond);
      console.log(
        `${inFlight} in flight, ${name.padEnd(26)}: ${perSecond.toFixed(1)} completions/s (${(perSecond / bare).toFixed(2)}x the bare workflow), p50 ${mean(figures, (x) => x.p50).toFixed(0)} ms, p95 ${mean(figures, (x) => x.p95).toFixed(0)} ms, ${mean(figures, (x) => x.cpuMs).toFixed(1)} CPU-ms per workflow`,
      );
    }
  }
} finally {
  worker.shutdown();
  await running;
  await connection.close();
  await stack.stop();
  await stopOwnTemporal();
}
