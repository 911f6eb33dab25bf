/** Running the API: connect to Temporal, open the database, listen. */
import { createServer, type Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../config/index.js';
import type { Logger } from '../config/logger.js';
import { temporalConnectionOptions, unreachable } from '../config/temporal.js';
import type { Db } from '../db/connect.js';
import { identities } from '../config/tokens.js';
import { seedPeople } from '../db/people.js';
import { createApp } from './app.js';

/** A running API server. */
export interface RunningApi {
  server: Server;
  url: string;
  stop(): Promise<void>;
}

/** Start the API on the configured host and port (port 0 picks a free one). */
export async function startApi(config: AppConfig, db: Db, logger: Logger): Promise<RunningApi> {
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal)).catch((error: unknown) => {
    throw unreachable(config.temporal, error);
  });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  let server: Server;
  try {
    // Everyone the tokens name is in the people directory (new ones with the inbox as their channel).
    await seedPeople(db, identities(config.authTokens, config.env));
    // Listening by hand: Express 5's app.listen calls its callback on errors too (EADDRINUSE).
    server = createServer(createApp({ config, db, client, logger }));
    // Idle keep-alive connections stay open longer than clients and proxies keep them (60 s is
    // common), so the client, not the server, closes them: no request is sent on a closing socket.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' ? new Error(`Port ${config.http.port} is in use; set PORT to a free one.`) : error),
      );
      server.listen(config.http.port, config.http.host, () => {
        server.removeAllListeners('error');
        resolve();
      });
    });
  } catch (error) {
    await connection.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
  return {
    server,
    url: `http://${host}:${port}`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await connection.close();
    },
  };
}
