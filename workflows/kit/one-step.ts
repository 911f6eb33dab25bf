/**
 * A process of one step (a heartbeat check, a digest): registered as a run, marked, its step done,
 * concluded with what the step found. It ends the defined way whatever happens, as every run does.
 */
import { workflowInfo } from '@temporalio/workflow';
import type { RunStatus } from '../../domain/process.js';
import { registerEntry } from '../../domain/register.js';
import { databaseStep } from './profiles.js';
import { newRunState, ProcessRun, type Ending } from './run.js';

/** What a one-step process gives the kit. */
export interface OneStep<S extends RunStatus> {
  state: S;
  /** The status it ends in when its step fails or an operator cancels it. */
  failedStatus: S['status'];
  /** One line for lists. */
  subject: () => string;
  /** The Temporal UI's current details. */
  details: () => string[];
  /** Do the step; say how the run ends. */
  work: (run: ProcessRun<S>) => Promise<Ending<S>>;
  failureType: string;
}

/** The state every one-step process starts from: the shared fields (its id is its workflow id), its status and details. */
export function oneStepState<P extends string, St extends string, D>(process: P, status: St, submittedBy: string, details: D) {
  return newRunState({ process, id: workflowInfo().workflowId, status, submittedBy, details });
}

/** Run a one-step process to its end; returns its final state. */
export async function runOneStep<S extends RunStatus>(p: OneStep<S>): Promise<S> {
  const { state } = p;
  const run = new ProcessRun<S>(state, {
    searchAttributes: () => [],
    details: p.details,
    record: () => databaseStep.recordRun(registerEntry(state, p.subject())),
    tell: async () => {},
  });
  const failed = (reason: string, message: string): Ending<S> => ({
    status: p.failedStatus,
    reason: reason,
    message,
    step: state.step,
    subject: p.subject(),
  });
  await run.guard(async () => run.conclude(await p.work(run)), {
    stopped: (stop) => failed(stop.reason, stop.message),
    cancelled: { cleanUp: async () => {}, ending: () => failed('cancelled', 'Cancelled by an operator.') },
    failed: (message) => failed('processing_error', message),
    failureType: p.failureType,
    failureLabel: `${state.process} ${state.id}`,
  });
  return state;
}
