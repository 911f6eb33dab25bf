/** The API as its own process (as in docker-compose): `npm run api`. */
import { loadConfig } from '../config/index.js';
import { createLogger } from '../config/logger.js';
import { exitOnStartupFailure } from '../config/startup.js';
import { openDatabase } from '../db/connect.js';
import { setupTracing } from '../config/tracing.js';
import { startApi } from './server.js';

try {
  const config = loadConfig();
  const logger = createLogger(config, 'api');
  const traced = setupTracing(config, 'api');
  const db = await openDatabase(config.database, { poolSize: config.databasePoolSize });
  const api = await startApi(config, db, logger).catch(async (error: unknown) => {
    await db.destroy();
    throw error;
  });
  logger.info({ url: api.url, docs: `${api.url}/docs` }, 'API listening');

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'stopping the API');
      void api
        .stop()
        .then(() => db.destroy())
        .then(() => traced?.shutdown())
        .finally(() => process.exit(0));
    });
  }
} catch (error) {
  exitOnStartupFailure('the API', error);
}
