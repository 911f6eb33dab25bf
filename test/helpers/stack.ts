/**
 * A whole stack for a test: a fresh database (a SQLite file, or PostgreSQL), a Temporal client on the shared dev server, a
 * worker on a task queue of its own, and optionally the HTTP API. Nothing is mocked.
 */
import fs from 'node:fs';
import { encryption, FAILURE_CONVERTER_PATH } from '../../config/payload-codec.js';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, type Worker } from '@temporalio/worker';
import { createOfflineProvider } from '../../activities/ai/index.js';
import type { AiProvider } from '../../activities/ai/tasks.js';
import { loadConfig, type AppConfig } from '../../config/index.js';
import { silentLogger } from '../../config/logger.js';
import { openDatabase, type Db } from '../../db/connect.js';
import { seedPeople } from '../../db/people.js';
import { identities } from '../../config/tokens.js';
import { startApi, type RunningApi } from '../../api/server.js';
import { activityDeps, createInvoiceWorker, WORKFLOWS_PATH } from '../../workers/invoice-worker.js';
import { createProviderWorkers } from '../../workers/provider-workers.js';
import { createCpuPool } from '../../activities/cpu/pool.js';
import { freshPostgresDatabase, testDatabaseKind, type DatabaseKind } from './postgres.js';
import { temporalAddress, workflowBundle } from './temporal.js';

/** A running test stack. */
export interface TestStack {
  config: AppConfig;
  db: Db;
  client: Client;
  api?: RunningApi;
  /** Start a worker (tests stop and start workers to simulate crashes). */
  startWorker(): Promise<Worker>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

/** Options for a test stack. */
export interface TestStackOptions {
  env?: Record<string, string>;
  ai?: AiProvider;
  api?: boolean;
  /** Start the stack's own worker (default true); false when a test runs workers of its own. */
  worker?: boolean;
  /** The application database: a fresh SQLite file (default, or TEST_DATABASE) or a fresh PostgreSQL database. */
  database?: DatabaseKind;
}

/** Start a stack; every stack has its own database file and task queue. */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const address = await temporalAddress();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dir,
    TEMPORAL_ADDRESS: address,
    INVOICE_TASK_QUEUE: `invoices-test-${randomUUID().slice(0, 8)}`,
    PORT: '0',
    // Mail in is off unless a test asks for it (then on a free port).
    SMTP_IN_ENABLED: 'false',
    SMTP_IN_PORT: '0',
    APPROVAL_REMINDER_AFTER: '1h',
    APPROVAL_ESCALATE_AFTER: '2h',
    APPROVAL_DEADLINE: '3h',
    ...((options.database ?? testDatabaseKind()) === 'postgres' && { DATABASE_URL: await freshPostgresDatabase() }),
    ...options.env,
  });
  const db = await openDatabase(config.database, { poolSize: config.databasePoolSize });
  await seedPeople(db, identities(config.authTokens, config.env));
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: config.temporal.namespace, ...encryption(config.payloadKeys) });
  const nativeConnection = await NativeConnection.connect({ address });
  // An encrypting stack bundles its workflows with the failure converter that encodes messages.
  const bundle = config.payloadKeys.length
    ? await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, failureConverterPath: FAILURE_CONVERTER_PATH, logger: new DefaultLogger('WARN') })
    : await workflowBundle();
  const cpu = createCpuPool(config.parser);
  const ai = options.ai ?? createOfflineProvider(cpu);

  let worker: Worker | undefined;
  let providerWorkers: Worker[] = [];
  let running: Promise<unknown> | undefined;
  const stack: TestStack = {
    config,
    db,
    client,
    async startWorker() {
      if (worker) throw new Error('a worker is already running');
      const options = {
        connection: nativeConnection,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        deps: activityDeps(config, db, ai, cpu),
      };
      worker = await createInvoiceWorker({ ...options, workflowBundle: bundle });
      providerWorkers = await createProviderWorkers(options);
      running = Promise.all([worker.run(), ...providerWorkers.map((w) => w.run())]);
      return worker;
    },
    async stopWorker() {
      if (!worker) return;
      for (const w of [worker, ...providerWorkers]) w.shutdown();
      await running;
      providerWorkers = [];
      worker = undefined;
      running = undefined;
    },
    async stop() {
      await stack.stopWorker();
      await stack.api?.stop();
      await connection.close();
      await nativeConnection.close();
      await cpu.close();
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  if (options.worker !== false) await stack.startWorker();
  if (options.api) stack.api = await startApi(config, db, silentLogger());
  return stack;
}
