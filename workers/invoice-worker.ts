/** The worker that hosts the invoice workflow and its activities on the invoice task queue. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions, type WorkflowBundle } from '@temporalio/worker';
import { createAiProvider, createOfflineProvider } from '../activities/ai/index.js';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import type { AiProvider } from '../activities/ai/tasks.js';
import type { AppConfig } from '../config/index.js';
import { identities } from '../config/tokens.js';
import { seedPeople } from '../db/people.js';
import { temporalConnectionOptions, unreachable } from '../config/temporal.js';
import type { Db } from '../db/connect.js';
import type { Logger } from '../config/logger.js';
import { configuredChannels } from '../activities/notifications/index.js';
import { startRelay } from '../activities/notifications/relay.js';
import { startMetricsServer, type MetricsServer } from '../config/metrics.js';
import { createCpuPool, type CpuPool } from '../activities/cpu/pool.js';
import { createProviderWorkers } from './provider-workers.js';
import { encryption } from '../config/payload-codec.js';
import { tracing } from '../config/tracing.js';

/** The workflows' entry file, next to this one whether running from source (.ts) or built (.js). */
export const WORKFLOWS_PATH = fileURLToPath(new URL(`../workflows/index${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

/** The bundles `npm run build` writes beside the compiled code (scripts/bundle-workflows.ts). */
export const PREBUILT_BUNDLES = {
  plain: fileURLToPath(new URL('../workflow-bundle.js', import.meta.url)),
  encrypted: fileURLToPath(new URL('../workflow-bundle-encrypted.js', import.meta.url)),
} as const;

/**
 * The workflows as the worker loads them: a prebuilt bundle when the build wrote one (the compiled
 * worker), otherwise bundled now from source. Tracing adds its interceptors to the bundle, so a
 * tracing worker bundles at start.
 */
function workflowCode(options: InvoiceWorkerOptions): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  if (options.workflowBundle) return { workflowBundle: options.workflowBundle };
  const prebuilt = PREBUILT_BUNDLES[options.deps.config.payloadKeys.length > 0 ? 'encrypted' : 'plain'];
  if (!tracing() && !import.meta.url.endsWith('.ts') && fs.existsSync(prebuilt)) return { workflowBundle: { codePath: prebuilt } };
  return { workflowsPath: WORKFLOWS_PATH };
}

/** What a worker needs. */
export interface InvoiceWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (tests build one and share it); otherwise the worker bundles at start. */
  workflowBundle?: WorkflowBundle;
  /** Worker identity shown in the Temporal UI. */
  identity?: string;
}

/** Create (but do not run) the invoice worker. */
export async function createInvoiceWorker(options: InvoiceWorkerOptions): Promise<Worker> {
  const traced = tracing();
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...workflowCode(options),
    activities: createActivities(options.deps),
    // Every payload encrypted (PAYLOAD_KEYS), failure messages too.
    ...encryption(options.deps.config.payloadKeys),
    // A worker that died holds its workflows' next tasks on its own queue for this long before
    // any other worker may take them (the SDK's default is 10 s).
    stickyQueueScheduleToStartTimeout: '5 seconds',
    // A parked workflow (waiting days for an approver) need not stay in memory: past this many, the
    // least recently used are dropped and replayed from their history when they next move.
    maxCachedWorkflows: options.deps.config.temporal.cacheSize,
    ...(options.identity && { identity: options.identity }),
    // Spans of workflows and activities when tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT).
    ...(traced && { plugins: [traced.workerPlugin] }),
  });
}

/** The activities' dependencies as configured; `ai` is the configured provider. */
export function activityDeps(config: AppConfig, db: Db, ai: AiProvider, cpu: CpuPool): ActivityDeps {
  return {
    db,
    ai,
    cpu,
    fallbackAi: createOfflineProvider(cpu),
    decisionSigningKey: config.decisionSigningKey,
    maxLineItems: config.limits.lineItems,
    links: config.links,
    config,
  };
}

/** A worker running as configured. */
export interface RunningWorker {
  /** The AI provider in use ("offline", "openai:<model>"). */
  aiName: string;
  /** Settles when the worker stops (rejects if it stopped on an error). */
  running: Promise<void>;
  /** Where /metrics, /healthz and /readyz are served (METRICS_PORT), if they are. */
  metricsPort: number | undefined;
  /** Stop polling, let running activities finish, close the connection. */
  stop(): Promise<void>;
}

/**
 * Connect to the configured Temporal and run the invoice worker with the configured AI provider
 * (the offline reader as its fallback). Used by `npm start` and `npm run worker`.
 */
export async function runConfiguredWorker(config: AppConfig, db: Db, logger: Logger): Promise<RunningWorker> {
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal)).catch((error: unknown) => {
    throw unreachable(config.temporal, error);
  });
  await seedPeople(db, identities(config.authTokens, config.env));
  const cpu = createCpuPool(config.parser);
  const ai = createAiProvider(config.openai, cpu);
  let worker: Worker;
  let providerWorkers: Worker[];
  try {
    const options = { connection, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, deps: activityDeps(config, db, ai, cpu) };
    worker = await createInvoiceWorker(options);
    providerWorkers = await createProviderWorkers(options);
  } catch (error) {
    await cpu.close();
    await connection.close();
    throw error;
  }
  const running = Promise.all([worker.run(), ...providerWorkers.map((w) => w.run())]).then(() => undefined);
  // Every worker process relays the outbox; claims keep two relays from sending one delivery.
  const relay = startRelay({
    db,
    channels: configuredChannels(config.notifications),
    logger,
    intervalMs: config.notifications.relayIntervalMs,
    maxAttempts: config.notifications.maxAttempts,
    leaseMs: config.notifications.leaseMs,
  });
  const halt = async () => {
    await relay.stop();
    for (const w of [worker, ...providerWorkers]) if (w.getState() === 'RUNNING') w.shutdown();
    await running.catch(() => {});
    await cpu.close();
    await connection.close();
  };
  // /metrics, /healthz and /readyz for the orchestrator, when METRICS_PORT is set.
  let metrics: MetricsServer | undefined;
  if (config.metrics.port !== undefined) {
    const polling = () => [worker, ...providerWorkers].every((w) => w.getState() === 'RUNNING');
    metrics = await startMetricsServer(config.metrics.host, config.metrics.port, polling, config.metrics.token).catch(async (error: unknown) => {
      await halt();
      throw new Error(`cannot serve metrics on ${config.metrics.host}:${config.metrics.port} (METRICS_PORT): ${(error as Error).message}`, { cause: error });
    });
  }
  // Stopping twice (a signal, then the end of `running`) stops once.
  let stopped: Promise<void> | undefined;
  return {
    aiName: ai.name,
    running,
    metricsPort: metrics?.port,
    stop() {
      stopped ??= (async () => {
        await metrics?.close();
        await halt();
      })();
      return stopped;
    },
  };
}
