/**
 * Helpers for tests of any process: deciding tasks the way the API does, and waiting for a run's
 * status (the common shape every process's `status` query answers) without ever hanging a test.
 */
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { defineQuery } from '@temporalio/workflow';
import { signDecision } from '../../activities/human-tasks/proof.js';
import type { Decision, DecisionSignal } from '../../domain/approval.js';
import { decideUpdate, decisionSignal } from '../../domain/messages.js';
import type { RunStatus } from '../../domain/process.js';
import type { Role } from '../../domain/roles.js';
import type { TestStack } from './stack.js';

/** A decision as the API would send it: by a user holding roles, signed with the stack's key. */
export function signedDecision(
  stack: Pick<TestStack, 'config'>,
  workflowId: string,
  d: { taskId: string; decision: Decision; by: string; roles: Role[]; comment?: string; edits?: Record<string, string> },
): DecisionSignal {
  return signDecision(stack.config.decisionSigningKey, workflowId, { ...d, at: new Date().toISOString() });
}

/**
 * Decide a task the way the API does (a signed `decide` update). Resolves to 'recorded', or to the
 * reason the workflow refused it.
 */
export async function decide(
  stack: Pick<TestStack, 'config' | 'client'>,
  workflowId: string,
  d: { taskId: string; decision: Decision; by: string; roles: Role[]; comment?: string; edits?: Record<string, string> },
): Promise<string> {
  try {
    await stack.client.workflow.getHandle(workflowId).executeUpdate(decideUpdate, { args: [signedDecision(stack, workflowId, d)] });
    return 'recorded';
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type) return error.cause.type;
    throw error;
  }
}

/** Send a decision as a signal (no answer); `sign: false` sends it without the API's proof. */
export async function signalDecision(
  stack: Pick<TestStack, 'config' | 'client'>,
  workflowId: string,
  d: { taskId: string; decision: Decision; by: string; roles: Role[]; comment?: string },
  opts: { sign?: boolean } = {},
): Promise<void> {
  const payload = opts.sign === false ? { ...d, at: new Date().toISOString() } : signedDecision(stack, workflowId, d);
  await stack.client.workflow.getHandle(workflowId).signal(decisionSignal, payload);
}

/** Poll a run's status query until `done` holds (or fail after `timeoutMs`, showing where it stands). */
export async function waitForState<S extends RunStatus = RunStatus>(
  client: Client,
  workflowId: string,
  done: (s: S) => boolean,
  timeoutMs = 30_000,
): Promise<S> {
  const statusQuery = defineQuery<S>('status');
  const deadline = Date.now() + timeoutMs;
  let last: S | undefined;
  for (;;) {
    try {
      last = await client.workflow.getHandle(workflowId).query(statusQuery);
      if (done(last)) return last;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${workflowId}; last state: ${JSON.stringify(last && { status: last.status, step: last.step, reason: last.reason, tasks: last.tasks })}`,
      );
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * Wait for a run to end (`final` holds for its status) and return its last state: its result, or
 * for a failed run its status query. A run that never ends fails the test in time.
 */
export async function waitForEnd<S extends RunStatus = RunStatus>(
  client: Client,
  workflowId: string,
  final: (s: S) => boolean,
  timeoutMs = 30_000,
): Promise<S> {
  let timer: NodeJS.Timeout | undefined;
  const result = client.workflow
    .getHandle(workflowId)
    .result()
    .then(
      (state) => state as S,
      () => waitForState(client, workflowId, final, timeoutMs),
    );
  const giveUp = new Promise<S>((resolve, reject) => {
    timer = setTimeout(() => waitForState(client, workflowId, final, 0).then(resolve, reject), timeoutMs);
  });
  try {
    return await Promise.race([result, giveUp]);
  } finally {
    clearTimeout(timer);
  }
}

/** Wait until the run has a pending task (for `role`, if given) and return the task's id. */
export async function waitForPendingTask(client: Client, workflowId: string, role?: string, timeoutMs = 30_000): Promise<string> {
  const isIt = (t: RunStatus['tasks'][number]) => t.status === 'pending' && (!role || t.role === role);
  const state = await waitForState(client, workflowId, (s) => s.tasks.some(isIt), timeoutMs);
  return state.tasks.find(isIt)!.taskId;
}

/** Retry an assertion until it passes or `timeoutMs` runs out (then its last error is thrown). */
export async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
