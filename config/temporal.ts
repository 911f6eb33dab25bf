/** How every process reaches Temporal: address, namespace, and TLS or an API key for a cluster or Temporal Cloud. */
import fs from 'node:fs';
import type { AppConfig } from './index.js';

/** Options accepted by both the client's Connection and the worker's NativeConnection. */
export interface TemporalConnectionOptions {
  address: string;
  apiKey?: string;
  tls?:
    | boolean
    | {
        serverNameOverride?: string;
        serverRootCACertificate?: Buffer;
        clientCertPair?: { crt: Buffer; key: Buffer };
      };
}

/** The error to show when Temporal cannot be reached: where it was looked for, and why it failed. */
export function unreachable(config: AppConfig['temporal'], error: unknown): Error {
  const why = error instanceof Error ? error.message : String(error);
  return new Error(`Temporal at ${config.address} (namespace ${config.namespace}) could not be reached; check TEMPORAL_ADDRESS. ${why}`, { cause: error });
}

/** Connection options from the configuration; certificate files are read here so a bad path fails at start. */
export function temporalConnectionOptions(config: AppConfig['temporal']): TemporalConnectionOptions {
  const options: TemporalConnectionOptions = { address: config.address };
  if (config.apiKey) options.apiKey = config.apiKey;
  const { tls } = config;
  if (!tls.enabled) return options;
  if (!tls.certPath && !tls.caPath && !tls.serverName) {
    options.tls = true;
    return options;
  }
  if (Boolean(tls.certPath) !== Boolean(tls.keyPath)) {
    throw new Error('TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH must be set together (mTLS client certificate and key).');
  }
  options.tls = {
    ...(tls.serverName && { serverNameOverride: tls.serverName }),
    ...(tls.caPath && { serverRootCACertificate: fs.readFileSync(tls.caPath) }),
    ...(tls.certPath && tls.keyPath && { clientCertPair: { crt: fs.readFileSync(tls.certPath), key: fs.readFileSync(tls.keyPath) } }),
  };
  return options;
}
