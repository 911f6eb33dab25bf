/**
 * One small worker per remote enrichment provider, on that provider's own task queue: the queue's
 * `maxTaskQueueActivitiesPerSecond` is enforced by the Temporal server across every worker, so a
 * provider's rate limit holds however many worker processes run.
 */
import { Worker, type NativeConnection } from '@temporalio/worker';
import { encryption } from '../config/payload-codec.js';
import { leadActivities } from '../activities/leads/activities.js';
import { providerTaskQueue } from '../activities/leads/submit.js';
import type { ActivityDeps } from '../activities/deps.js';
import { tracing } from '../config/tracing.js';

/** Create (but do not run) the workers of the configured remote providers. */
export async function createProviderWorkers(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  identity?: string;
}): Promise<Worker[]> {
  const activities = leadActivities(options.deps);
  const lookUpProvider = (input: Parameters<typeof activities.lookUpProvider>[0]) => activities.lookUpProvider(input);
  const workers: Worker[] = [];
  const traced = tracing();
  for (const [name, account] of Object.entries(options.deps.config.leads.accounts)) {
    workers.push(
      await Worker.create({
        connection: options.connection,
        namespace: options.namespace,
        taskQueue: providerTaskQueue(options.taskQueue, name),
        activities: { lookUpProvider },
        ...encryption(options.deps.config.payloadKeys),
        maxTaskQueueActivitiesPerSecond: account.ratePerSecond,
        ...(options.identity && { identity: `${options.identity}-${name}` }),
        ...(traced && { plugins: [traced.workerPlugin] }),
      }),
    );
  }
  return workers;
}
