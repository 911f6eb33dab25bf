/** Routes the Temporal SDK's own logs (worker, workflows, activities) into the project's JSON logger. */
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../config/logger.js';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

let installed = false;

/** Install the Temporal runtime once per process with logs going to `logger`. */
export function installTemporalRuntime(logger: Logger): void {
  if (installed) return;
  installed = true;
  Runtime.install({
    logger: new DefaultLogger('INFO', (entry) => {
      // Workflow and activity log entries carry workflowId, runId and activity details in meta.
      logger[LEVELS[entry.level]]({ ...entry.meta }, entry.message);
    }),
    // The project stops workers itself (scripts/start.ts, workers/main.ts), in order.
    shutdownSignals: [],
  });
}
