/**
 * Speed and footprint (it asserts nothing): `npm run bench`. On one file-backed dev server, the
 * project's worker and a bare worker each in a process of their own:
 *  - interleaved rounds of BENCH_COUNT (200) runs at 10 and 50 in flight of each process through
 *    the API (an auto-approved invoice; an alert triggered and resolved; a lead archived) and of
 *    bare workflows of 0 and of N no-op activities, N the process's own step count (read from a
 *    run's history: activities and local activities): completions/s, p50/p95, the ratio to the
 *    bare workflow with none, CPU-ms per workflow of the worker process;
 *  - one invoice at a time on the idle stack: POST to posted, p50/p95;
 *  - BENCH_PARKED (10,000) invoices waiting for a manager: the worker's RSS, then approvals of the
 *    oldest (replayed: out of the cache) and of the newest (in the cache), decision to posted.
 * WORKFLOW_CACHE_SIZE sizes the worker's cache as in production. The worker is the compiled one
 * (`npm run bench:speed` builds first), as production runs it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { startDevServer } from '../../scripts/dev-server.js';
import { freePort } from '../../config/net.js';
import { silentLogger } from '../../config/logger.js';
import { installTemporalRuntime } from '../../workers/runtime.js';
import { createVendor } from '../../db/vendors.js';
import { submitInvoice } from '../../activities/invoice/submit.js';
import { invoiceText } from '../helpers/invoices.js';
import { databaseEnv } from '../helpers/postgres.js';
import { spawnReady, type ReadyChild } from '../helpers/processes.js';
import { startTestStack } from '../helpers/stack.js';

const count = Number(process.env.BENCH_COUNT ?? 200);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const parked = Number(process.env.BENCH_PARKED ?? 10_000);
const cacheSize = process.env.WORKFLOW_CACHE_SIZE ?? '100';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** CPU seconds and resident memory of a process, from /proc (Linux). */
function usage(pid: number): { cpuMs: number; rssMiB: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { cpuMs: (ticks * 1000) / 100, rssMiB: rss / 1024 };
}

installTemporalRuntime(silentLogger());
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-speed-'));
const server = await startDevServer({ dbFile: path.join(dir, 'temporal.db') });
process.env.TEST_TEMPORAL_ADDRESS = server.address;
const env = {
  ALERT_PAUSE_FOR: '1ms',
  ENRICHMENT_PROVIDERS: 'directory,heuristics',
  WORKFLOW_CACHE_SIZE: cacheSize,
  SUBMISSIONS_PER_MINUTE: '1000000',
  MAX_PENDING_DOCUMENTS_PER_USER: '1000000',
};
const stack = await startTestStack({ worker: false, api: true, env });
const children: ReadyChild[] = [];
try {
  const metricsPort = await freePort();
  const workerEnv = { ...env, INVOICE_TASK_QUEUE: stack.config.temporal.taskQueue, ...databaseEnv(stack.config.database), METRICS_PORT: String(metricsPort) };
  /** The worker's V8 heap and the memory outside it, from its /metrics. */
  const heap = async () => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
    return `heap used ${value('bp_node_nodejs_heap_size_used_bytes').toFixed(0)} of ${value('bp_node_nodejs_heap_size_total_bytes').toFixed(0)} MiB, external ${value('bp_node_nodejs_external_memory_bytes').toFixed(0)} MiB`;
  };
  // The worker as production runs it: compiled, with the prebuilt workflow bundle (npm run build).
  // MALLOC_ARENA_MAX as the Dockerfile sets it: the SDK's native threads otherwise each grow malloc arenas of their own.
  const worker = await spawnReady(
    'dist/workers/main.js',
    {
      ...workerEnv,
      LOG_LEVEL: 'info',
      MALLOC_ARENA_MAX: '2',
    },
    '"msg":"worker started"',
  );
  children.push(worker);
  const bareQueue = `bare-${randomUUID().slice(0, 8)}`;
  const bare = await spawnReady('test/bench/baseline/worker.ts', { BARE_TASK_QUEUE: bareQueue, WORKFLOW_CACHE_SIZE: cacheSize }, 'bare worker started');
  children.push(bare);
  await createVendor(stack.db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111' });
  const api = stack.api!.url;
  const post = async (route: string, token: string, body: unknown) => {
    const res = await fetch(`${api}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 202 && res.status !== 200) throw new Error(`POST ${route} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { workflowId?: string; id?: string; events?: { workflowId: string }[] };
  };
  const result = (workflowId: string) => stack.client.workflow.getHandle(workflowId).result();
  let serial = 0;
  const tag = Date.now().toString(36);

  /** One run of each process, to its end, through the API. */
  const processes: Record<string, () => Promise<string>> = {
    invoice: async () => {
      const { workflowId } = await post('/api/invoices', 'dev-clerk', {
        text: invoiceText({ number: `SPEED-${tag}-${serial++}`, lines: [{ description: 'Paper', quantity: 10, unitPrice: 45 }] }),
      });
      const state = (await result(workflowId!)) as { status: string };
      if (state.status !== 'posted') throw new Error(`${workflowId} ended ${state.status}`);
      return workflowId!;
    },
    alert: async () => {
      const key = `speed-${tag}-${serial++}`;
      const { events } = await post('/api/events', 'dev-integration', {
        source: 'bench',
        dedupKey: key,
        summary: `Queue depth high on ${key}`,
        severity: 'warning',
        action: 'trigger',
      });
      await post('/api/events', 'dev-integration', { source: 'bench', dedupKey: key, action: 'resolve' });
      await result(events![0]!.workflowId);
      return events![0]!.workflowId;
    },
    lead: async () => {
      const { workflowId } = await post('/api/leads', 'dev-integration', { email: `person.${tag}.${serial++}@gmail.com`, name: 'Speed Test' });
      await result(workflowId!);
      return workflowId!;
    },
  };

  /** How many steps (activities and local activities) a run took. */
  const stepsOf = async (workflowId: string) => {
    const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes || e.markerRecordedEventAttributes?.markerName === 'core_local_activity')
      .length;
  };
  const steps: Record<string, number> = {};
  for (const [name, one] of Object.entries(processes)) steps[name] = await stepsOf(await one());
  console.log(
    `steps per run: ${Object.entries(steps)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );

  interface Figures {
    perSecond: number;
    p50: number;
    p95: number;
    cpuMs: number;
  }
  async function measure(inFlight: number, pid: number, one: () => Promise<unknown>): Promise<Figures> {
    const latencies: number[] = [];
    let next = 0;
    const cpu = usage(pid).cpuMs;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next++ < count) {
          const t0 = performance.now();
          await one();
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return { perSecond: count / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), cpuMs: (usage(pid).cpuMs - cpu) / count };
  }
  const bareRun = (n: number) => () =>
    stack.client.workflow.execute('bareWorkflow', { taskQueue: bareQueue, workflowId: `bare${n}-${serial++}-${randomUUID()}`, args: [n] });
  const kinds: [string, number, () => Promise<unknown>][] = [['bare, 0 activities', bare.child.pid!, bareRun(0)]];
  for (const [name, one] of Object.entries(processes)) {
    kinds.push([`${name} via the API`, worker.child.pid!, one]);
    if (!kinds.some(([k]) => k === `bare, ${steps[name]} activities`)) kinds.push([`bare, ${steps[name]} activities`, bare.child.pid!, bareRun(steps[name]!)]);
  }
  for (const inFlight of [10, 50]) {
    const results: Record<string, Figures[]> = {};
    for (let r = 0; r < rounds; r++) for (const [name, pid, one] of kinds) (results[name] ??= []).push(await measure(inFlight, pid, one));
    const mean = (xs: Figures[], f: (x: Figures) => number) => xs.reduce((s, x) => s + f(x), 0) / xs.length;
    const base = mean(results['bare, 0 activities']!, (x) => x.perSecond);
    for (const [name, figures] of Object.entries(results)) {
      const perSecond = mean(figures, (x) => x.perSecond);
      console.log(
        `${inFlight} in flight, ${name.padEnd(22)}: ${perSecond.toFixed(1).padStart(5)} completions/s (${(perSecond / base).toFixed(2)}x bare-0), p50 ${mean(figures, (x) => x.p50).toFixed(0)} ms, p95 ${mean(figures, (x) => x.p95).toFixed(0)} ms, worker ${mean(figures, (x) => x.cpuMs).toFixed(1)} CPU-ms per workflow`,
      );
    }
  }

  // One invoice at a time on the idle stack.
  const idle: number[] = [];
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    await processes.invoice!();
    idle.push(performance.now() - t0);
  }
  idle.sort((a, b) => a - b);
  console.log(`one invoice on the idle stack, POST to posted: p50 ${percentile(idle, 50).toFixed(0)} ms, p95 ${percentile(idle, 95).toFixed(0)} ms`);

  // Parked approvals.
  const before = usage(worker.child.pid!).rssMiB;
  console.log(`worker before parking: RSS ${before.toFixed(0)} MiB, ${await heap()}`);
  const waiting: string[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < parked) {
        const i = next++;
        const text = invoiceText({ number: `PARK-${tag}-${i}`, lines: [{ description: 'Servers', quantity: 1, unitPrice: 2000 }] });
        const { invoice } = await submitInvoice(stack, {
          content: Buffer.from(text),
          contentType: 'text/plain',
          source: 'api',
          submittedBy: 'dev-clerk',
          idempotencyKey: null,
        });
        waiting[i] = invoice.id;
      }
    }),
  );
  for (;;) {
    const { n } = await stack.db
      .selectFrom('approval_tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    if (Number(n) >= parked) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await new Promise((r) => setTimeout(r, 3000));
  const held = usage(worker.child.pid!).rssMiB;
  console.log(
    `${parked} invoices parked awaiting approval (submitted in ${((performance.now() - t0) / 1000).toFixed(0)} s), WORKFLOW_CACHE_SIZE ${cacheSize}: worker RSS ${held.toFixed(0)} MiB (${before.toFixed(0)} MiB before), ${await heap()}`,
  );
  const approve = async (invoiceId: string) => {
    const task = await stack.db
      .selectFrom('approval_tasks')
      .select(['id', 'workflow_id'])
      .where('workflow_id', '=', `invoice-${invoiceId}`)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    const t = performance.now();
    const res = await fetch(`${api}/api/tasks/${encodeURIComponent(task.id)}/decision`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-manager', 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'approve' }),
    });
    if (res.status !== 202) throw new Error(`decision answered ${res.status}: ${await res.text()}`);
    await result(task.workflow_id);
    return performance.now() - t;
  };
  for (const [label, ids] of [
    ['the oldest (out of the cache: replayed)', waiting.slice(0, 20)],
    ['the newest (in the cache)', waiting.slice(-20)],
  ] as const) {
    const times: number[] = [];
    for (const id of ids) times.push(await approve(id));
    times.sort((a, b) => a - b);
    console.log(`  approving ${label}: decision to posted p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms`);
  }
} finally {
  for (const c of children) c.child.kill('SIGTERM');
  await Promise.all(children.map((c) => c.exited));
  await stack.stop();
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
