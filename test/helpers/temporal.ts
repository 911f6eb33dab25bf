/**
 * The real Temporal dev server for tests. `npm test` (scripts/test.ts) starts one and passes
 * its address in TEST_TEMPORAL_ADDRESS; a test file run on its own starts its own.
 */
import { bundleWorkflowCode, DefaultLogger, type WorkflowBundle } from '@temporalio/worker';
import { silentLogger } from '../../config/logger.js';
import { installTemporalRuntime } from '../../workers/runtime.js';
import { WORKFLOWS_PATH } from '../../workers/invoice-worker.js';
import { startDevServer, type DevServer } from '../../scripts/dev-server.js';

let server: Promise<{ address: string; stop: () => Promise<void> }> | undefined;
let bundle: Promise<WorkflowBundle> | undefined;

/** The address of a running dev server, starting one for this process if none was given. */
export async function temporalAddress(): Promise<string> {
  installTemporalRuntime(silentLogger());
  const given = process.env.TEST_TEMPORAL_ADDRESS;
  if (given) return given;
  server ??= startDevServer().then((s: DevServer) => ({ address: s.address, stop: () => s.stop() }));
  return (await server).address;
}

/** Stop the dev server this process started (if it started one). */
export async function stopOwnTemporal(): Promise<void> {
  if (server) await (await server).stop();
  server = undefined;
}

/** The workflow bundle, built once per test process and shared by its workers. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  return bundle;
}
