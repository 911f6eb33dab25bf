/** The bare baselines' worker, in a process of its own so its CPU and memory are measured alone. */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';

const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
const worker = await Worker.create({
  connection,
  taskQueue: process.env.BARE_TASK_QUEUE!,
  workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
  activities: { noop: async () => {} },
  maxCachedWorkflows: Number(process.env.WORKFLOW_CACHE_SIZE ?? 100),
});
process.once('SIGTERM', () => worker.shutdown());
console.log('"msg":"bare worker started"');
await worker.run();
await connection.close();
