/** The worker as its own process (as in docker-compose, or many of them on a cluster): `npm run worker`. */
import { loadConfig } from '../config/index.js';
import { createLogger } from '../config/logger.js';
import { exitOnStartupFailure } from '../config/startup.js';
import { openDatabase } from '../db/connect.js';
import { runConfiguredWorker } from './invoice-worker.js';
import { installTemporalRuntime, sdkMetricsAddress } from './runtime.js';
import { setupTracing } from '../config/tracing.js';

try {
  const config = loadConfig();
  const logger = createLogger(config, 'worker');
  // The SDK's worker metrics join the worker's /metrics when METRICS_PORT is set.
  installTemporalRuntime(logger, config.metrics.port === undefined ? {} : { sdkMetrics: await sdkMetricsAddress() });
  const traced = setupTracing(config, 'worker');
  const db = await openDatabase(config.database, { poolSize: config.databasePoolSize });
  const worker = await runConfiguredWorker(config, db, logger).catch(async (error: unknown) => {
    await db.destroy();
    throw error;
  });
  logger.info(
    { taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace, ai: worker.aiName, metricsPort: worker.metricsPort },
    'worker started',
  );

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'stopping the worker (finishing running activities)');
      void worker.stop();
    });
  }
  const stopped = await worker.running.then(
    () => undefined,
    (error: unknown) => error,
  );
  await worker.stop();
  await db.destroy();
  await traced?.shutdown();
  if (stopped) {
    logger.error({ err: stopped }, 'the worker stopped on an error');
    process.exit(1);
  }
  logger.info('worker stopped');
} catch (error) {
  exitOnStartupFailure('the worker', error);
}
