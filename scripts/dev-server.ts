/** Starting a Temporal dev server (with the project's search attributes) from the resolved CLI. */
import { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../domain/search-attributes.js';
import { resolveTemporalCli } from './temporal-cli.js';

/** A running dev server. */
export interface DevServer {
  address: string;
  uiUrl: string | undefined;
  env: TestWorkflowEnvironment;
  stop(): Promise<void>;
}

/** Where and how to run the dev server. */
export interface DevServerOptions {
  ip?: string;
  /** gRPC port; a free one when omitted. */
  port?: number;
  /** Web UI port; no UI when omitted. */
  uiPort?: number;
  /** The UI's codec endpoint (the API's /codec), when payloads are encrypted. */
  uiCodecEndpoint?: string;
  /** SQLite file for persistence; in memory when omitted. */
  dbFile?: string;
  namespace?: string;
  log?: (message: string) => void;
}

/** Start a dev server and wait until it answers. */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const log = options.log ?? (() => {});
  const cli = resolveTemporalCli(log);
  if (cli.kind === 'sdk-download') log(`Using the Temporal SDK's dev server download (${cli.reason}).`);
  const ip = options.ip ?? '127.0.0.1';
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: cli.kind === 'path' ? { type: 'existing-path', path: cli.path } : { type: 'cached-download' },
      ip,
      ...(options.port !== undefined && { port: options.port }),
      ...(options.uiPort !== undefined ? { ui: true, uiPort: options.uiPort } : { ui: false }),
      ...(options.dbFile && { dbFilename: options.dbFile }),
      namespace: options.namespace ?? 'default',
      searchAttributes: CUSTOM_SEARCH_ATTRIBUTES,
      log: { format: 'json', level: 'error' },
      extraArgs: options.uiPort !== undefined ? ['--ui-ip', ip, ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : [])] : [],
    },
  });
  const address = env.connection.options.address;
  return {
    address,
    uiUrl: options.uiPort !== undefined ? `http://${ip === '0.0.0.0' ? 'localhost' : ip}:${options.uiPort}` : undefined,
    env,
    stop: () => env.teardown(),
  };
}

/**
 * Register the project's search attributes on a server that was not started by us (a dev server
 * of another project, a self-hosted cluster). Those already there are left alone.
 */
export async function ensureSearchAttributes(address: string, namespace: string): Promise<string[]> {
  const connection = await Connection.connect({ address });
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const known = new Set([...Object.keys(existing.customAttributes ?? {}), ...Object.keys(existing.systemAttributes ?? {})]);
    const missing = CUSTOM_SEARCH_ATTRIBUTES.filter((key) => !known.has(key.name));
    if (missing.length > 0) {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!])),
      });
    }
    return missing.map((key) => key.name);
  } finally {
    await connection.close();
  }
}
