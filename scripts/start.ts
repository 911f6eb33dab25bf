/**
 * The one command that starts the whole stack on a laptop (`npm start`): the Temporal dev server
 * with its web UI and a persistent SQLite file under DATA_DIR, the worker, and the API.
 * Ctrl-C stops all of it; starting again picks up where it left off.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { DEV_TOKENS } from '../config/tokens.js';
import { startApi, type RunningApi } from '../api/server.js';
import { loadConfig } from '../config/index.js';
import { createLogger } from '../config/logger.js';
import { exitOnStartupFailure } from '../config/startup.js';
import { openDatabase, type Db } from '../db/connect.js';
import { runConfiguredWorker, type RunningWorker } from '../workers/invoice-worker.js';
import { installTemporalRuntime, sdkMetricsAddress } from '../workers/runtime.js';
import { setupTracing } from '../config/tracing.js';
import { ensureSearchAttributes, startDevServer, type DevServer } from './dev-server.js';

/** True when something accepts TCP connections at host:port. */
function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'stack');
  // One process runs the API and the worker: the API's /metrics carries the SDK's worker metrics too.
  installTemporalRuntime(logger, { sdkMetrics: await sdkMetricsAddress() });
  const traced = setupTracing(config, 'stack');

  const [host = 'localhost', portText = '7233'] = config.temporal.address.split(':');
  const port = Number(portText);
  let devServer: DevServer | undefined;
  if (await listening(host === 'localhost' ? '127.0.0.1' : host, port)) {
    logger.info({ address: config.temporal.address }, 'a Temporal server already listens there; using it instead of starting the embedded one');
    const added = await ensureSearchAttributes(config.temporal.address, config.temporal.namespace).catch((error: Error) => {
      throw new Error(
        `Something listens on ${config.temporal.address} but the project's search attributes could not be registered there (${error.message}). Stop it, or set TEMPORAL_ADDRESS to a free port.`,
      );
    });
    if (added.length > 0) logger.info({ added }, 'registered the search attributes on the existing server');
  } else {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const dbFile = path.join(config.dataDir, 'temporal.db');
    logger.info({ address: config.temporal.address, dbFile }, 'starting the embedded Temporal dev server');
    devServer = await startDevServer({
      ip: host === 'localhost' ? '127.0.0.1' : host,
      port,
      uiPort: config.temporal.uiPort,
      // Encrypted payloads: the UI asks the API's codec server to decode them.
      ...(config.payloadKeys.length > 0 && { uiCodecEndpoint: `${config.links.baseUrl}/codec` }),
      dbFile,
      namespace: config.temporal.namespace,
      log: (message) => logger.info(message),
    });
  }

  let db: Db | undefined;
  let worker: RunningWorker | undefined;
  let api: RunningApi;
  try {
    db = await openDatabase(config.database, { poolSize: config.databasePoolSize });
    logger.info('bundling the workflows and starting the worker');
    worker = await runConfiguredWorker(config, db, logger);
    api = await startApi(config, db, logger);
  } catch (error) {
    // Never leave the dev server running behind a failed start.
    await worker?.stop();
    await db?.destroy();
    await devServer?.stop();
    throw error;
  }

  const devTokens = !config.authTokens
    ? Object.entries(DEV_TOKENS)
        .map(([token, c]) => `    ${token.padEnd(16)} ${c.roles.join(', ')}`)
        .join('\n')
    : '    (AUTH_TOKENS is set; development tokens are off)';
  console.log(
    [
      '',
      'Business processes stack is ready.',
      `  API            ${api.url}/api`,
      `  Inbox          ${api.url}/inbox`,
      `  Swagger UI     ${api.url}/docs`,
      `  Temporal UI    ${devServer?.uiUrl ?? config.temporal.uiUrl}`,
      `  Temporal       ${config.temporal.address} (namespace ${config.temporal.namespace}, task queue ${config.temporal.taskQueue})`,
      `  Mail in        ${api.mail ? `smtp://${config.emailIn.host}:${api.mail.port} (invoices@, alerts@, leads@ any domain)` : 'off (SMTP_IN_ENABLED=false)'}`,
      `  Data           ${config.dataDir}`,
      `  AI provider    ${worker.aiName}`,
      '  Development tokens (Authorization: Bearer <token>):',
      devTokens,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping: API, worker, Temporal');
    await api.stop().catch((e: Error) => logger.error({ err: e }, 'API did not stop cleanly'));
    await worker.stop();
    await db.destroy();
    await devServer?.stop();
    await traced?.shutdown();
    logger.info('stopped');
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  worker.running.catch((error: Error) => {
    logger.error({ err: error }, 'the worker stopped unexpectedly');
    void stop(1);
  });
}

main().catch((error: unknown) => exitOnStartupFailure('the stack', error));
