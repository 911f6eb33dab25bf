/** Structured JSON logs (pino) for every process. */
import { pino, type Logger } from 'pino';
import type { AppConfig } from './index.js';

/** The project's logger type. */
export type { Logger } from 'pino';

/** A JSON logger at the configured level, naming the process it runs in. */
export function createLogger(config: Pick<AppConfig, 'logLevel'>, name: string): Logger {
  return pino({ name, level: config.logLevel, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** A logger that writes nothing, for tools and tests that want quiet. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
