/** Running the API: connect to Temporal, open the database, listen. */
import { createServer, type Server } from 'node:http';
import { encryption } from '../config/payload-codec.js';
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../config/index.js';
import type { Logger } from '../config/logger.js';
import { temporalConnectionOptions, unreachable } from '../config/temporal.js';
import type { Db } from '../db/connect.js';
import { identities } from '../config/tokens.js';
import { seedPeople } from '../db/people.js';
import { startMailListener, type MailListener } from '../triggers/email/listener.js';
import { createApp } from './app.js';
import { tracing } from '../config/tracing.js';

/** A running API server. */
export interface RunningApi {
  server: Server;
  url: string;
  /** The SMTP listener for mail in (SMTP_IN_ENABLED), with its port. */
  mail: MailListener | undefined;
  stop(): Promise<void>;
}

/** Start the API on the configured host and port (port 0 picks a free one). */
export async function startApi(config: AppConfig, db: Db, logger: Logger): Promise<RunningApi> {
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal)).catch((error: unknown) => {
    throw unreachable(config.temporal, error);
  });
  const traced = tracing();
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    ...encryption(config.payloadKeys),
    ...(traced && { interceptors: traced.clientInterceptors }),
  });
  let server: Server | undefined;
  let mail: MailListener | undefined;
  try {
    // Everyone the tokens name is in the people directory (new ones with the inbox as their channel).
    await seedPeople(db, identities(config.authTokens, config.env));
    // Listening by hand: Express 5's app.listen calls its callback on errors too (EADDRINUSE).
    const http = createServer(createApp({ config, db, client, logger }));
    server = http;
    // Idle keep-alive connections stay open longer than clients and proxies keep them (60 s is
    // common), so the client, not the server, closes them: no request is sent on a closing socket.
    http.keepAliveTimeout = 65_000;
    http.headersTimeout = 66_000;
    await new Promise<void>((resolve, reject) => {
      http.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' ? new Error(`Port ${config.http.port} is in use; set PORT to a free one.`) : error),
      );
      http.listen(config.http.port, config.http.host, () => {
        http.removeAllListeners('error');
        resolve();
      });
    });
    if (config.emailIn.enabled) mail = await startMailListener({ config, db, client, logger });
  } catch (error) {
    const opened = server;
    if (opened?.listening) await new Promise((resolve) => opened.close(resolve));
    await connection.close();
    throw error;
  }
  const running = server;
  const address = running.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
  return {
    server: running,
    url: `http://${host}:${port}`,
    mail,
    async stop() {
      await mail?.stop();
      await new Promise<void>((resolve) => running.close(() => resolve()));
      running.closeAllConnections();
      await connection.close();
    },
  };
}
