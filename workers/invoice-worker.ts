/** The worker that hosts the invoice workflow and its activities on the invoice task queue. */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';

/** The workflows' entry file, next to this one whether running from source (.ts) or built (.js). */
export const WORKFLOWS_PATH = fileURLToPath(new URL(`../workflows/index${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

/** What a worker needs. */
export interface InvoiceWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (tests build one and share it); otherwise the worker bundles at start. */
  workflowBundle?: WorkflowBundle;
  /** Worker identity shown in the Temporal UI. */
  identity?: string;
}

/** Create (but do not run) the invoice worker. */
export async function createInvoiceWorker(options: InvoiceWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities(options.deps),
    ...(options.identity && { identity: options.identity }),
  });
}
