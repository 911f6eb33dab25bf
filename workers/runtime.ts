/** Routes the Temporal SDK's own logs (worker, workflows, activities) into the project's JSON logger. */
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../config/logger.js';
import { freePort } from '../config/net.js';
import { setSdkMetricsAddress } from '../config/metrics.js';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** The process each workflow type runs, as the run register and the ProcessType search attribute name it. */
const PROCESS_OF: Record<string, string> = {
  invoiceWorkflow: 'invoice',
  alertWorkflow: 'alert',
  leadWorkflow: 'lead',
  leadListWorkflow: 'lead-list',
  contentWorkflow: 'content',
  heartbeatCheckWorkflow: 'heartbeat',
  digestWorkflow: 'digest',
};

/**
 * The fields every workflow and activity log line carries: the process, the workflow id and the run
 * id under one name each (the SDK calls an activity's run id `workflowRunId`).
 */
export function runFields(meta: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!meta) return {};
  const type = typeof meta.workflowType === 'string' ? meta.workflowType : undefined;
  const runId = meta.runId ?? meta.workflowRunId;
  return {
    ...meta,
    ...(type && { process: PROCESS_OF[type] ?? type.replace(/Workflow$/, '') }),
    ...(runId !== undefined && { runId }),
  };
}

let installed = false;

/**
 * Install the Temporal runtime once per process with logs going to `logger`; with `sdkMetrics`
 * (host:port), the SDK serves its worker metrics there, and the process's /metrics carries them.
 */
export function installTemporalRuntime(logger: Logger, options: { sdkMetrics?: string } = {}): void {
  if (installed) return;
  installed = true;
  if (options.sdkMetrics) setSdkMetricsAddress(options.sdkMetrics);
  Runtime.install({
    ...(options.sdkMetrics && { telemetryOptions: { metrics: { prometheus: { bindAddress: options.sdkMetrics } } } }),
    logger: new DefaultLogger('INFO', (entry) => {
      // Workflow and activity log entries carry workflowId, runId and activity details in meta.
      logger[LEVELS[entry.level]](runFields(entry.meta), entry.message);
    }),
    // The project stops workers itself (scripts/start.ts, workers/main.ts), in order.
    shutdownSignals: [],
  });
}

/** A free loopback address for the SDK's metrics endpoint, which the process's /metrics reads from. */
export async function sdkMetricsAddress(): Promise<string> {
  return `127.0.0.1:${await freePort()}`;
}
