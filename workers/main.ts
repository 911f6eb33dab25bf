/** The worker as its own process (as in docker-compose, or many of them on a cluster): `npm run worker`. */
import { NativeConnection } from '@temporalio/worker';
import { createAiProvider, createOfflineProvider } from '../activities/ai/index.js';
import { loadConfig } from '../config/index.js';
import { createLogger } from '../config/logger.js';
import { temporalConnectionOptions } from '../config/temporal.js';
import { openDatabase } from '../db/connect.js';
import { createInvoiceWorker } from './invoice-worker.js';
import { installTemporalRuntime } from './runtime.js';

const config = loadConfig();
const logger = createLogger(config, 'worker');
installTemporalRuntime(logger);
const db = await openDatabase(config.databaseFile);
const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
const ai = createAiProvider(config.openai);
const worker = await createInvoiceWorker({
  connection,
  namespace: config.temporal.namespace,
  taskQueue: config.temporal.taskQueue,
  deps: { db, ai, fallbackAi: createOfflineProvider() },
});
logger.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace, ai: ai.name }, 'worker started');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'stopping the worker (finishing running activities)');
    worker.shutdown();
  });
}
await worker.run();
await connection.close();
await db.destroy();
logger.info('worker stopped');
