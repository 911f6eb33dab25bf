/** The bare baselines the benchmark compares the processes with: a workflow of N no-op activities. */
import { proxyActivities } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '10 seconds' });

/** Call the no-op activity `activities` times, one after the other, as a process's steps run. */
export async function bareWorkflow(activities: number): Promise<number> {
  for (let i = 0; i < activities; i++) await noop();
  return activities;
}
