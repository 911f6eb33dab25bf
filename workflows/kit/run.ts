/**
 * A process run: the part every process workflow shares. Its state is readable at any moment; a
 * step is marked on its timeline; a status change is published (search attributes, the Temporal
 * UI's current details, the register the API lists); and the run ends one of three ways, each
 * recorded everywhere and told to whoever must know: a defined outcome (`Stop`), an operator's
 * cancellation, or a failure no retry could fix (then the run fails visibly in the Temporal UI).
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ContinueAsNew,
  isCancellation,
  log,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { TimelineEntry } from '../../domain/findings.js';
import { ProcessStatusKey } from '../../domain/search-attributes.js';

/** Ends a run early with a defined outcome (a rejection, a suppression...), not an error. */
export class Stop<Reason extends string = string> extends Error {
  constructor(
    readonly reason: Reason,
    message: string,
  ) {
    super(message);
    this.name = 'Stop';
  }
}

/** The message of a failure, from the activity that failed when there is one. */
export function failureMessage(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** What every run's state has. */
export interface RunState<Status extends string = string, Step extends string = string, Reason extends string = string> {
  status: Status;
  step: Step;
  reason: Reason | null;
  reasonMessage: string | null;
  timeline: TimelineEntry[];
  updatedAt: string;
}

/** The shared fields a run starts with (nothing done, nothing decided yet), its status and its own details. */
export function newRunState<P extends string, St extends string, D>(start: { process: P; id: string; status: St; submittedBy: string; details: D }) {
  const now = new Date().toISOString();
  return {
    process: start.process,
    id: start.id,
    workflowId: workflowInfo().workflowId,
    status: start.status,
    step: 'received' as const,
    reason: null,
    reasonMessage: null,
    submittedBy: start.submittedBy,
    timeline: [],
    tasks: [],
    ignoredDecisions: [],
    createdAt: now,
    updatedAt: now,
    details: start.details,
  };
}

/** How a run ends: its status, the reason (if not a success), and what to tell people. */
export interface Ending<S extends RunState> {
  status: S['status'];
  reason?: NonNullable<S['reason']>;
  message: string;
  step: S['step'];
  subject: string;
  body?: string;
}

/** What a process adds to the shared run. */
export interface RunHooks<S extends RunState> {
  /** Search attributes to publish with every status change (besides ProcessStatus). */
  searchAttributes(): SearchAttributeUpdatePair[];
  /** The lines of the Temporal UI's current details (markdown). */
  details(): string[];
  /** Record the state in the process's register. */
  record(): Promise<void>;
  /** Tell whoever must know how the run ended. */
  tell(ending: Ending<S>): Promise<void>;
}

/** The shared life of one process run. */
export class ProcessRun<S extends RunState> {
  constructor(
    readonly state: S,
    private readonly hooks: RunHooks<S>,
  ) {}

  /** Now, as the workflow sees it (deterministic). */
  now(): string {
    return new Date().toISOString();
  }

  /** Mark a step on the timeline (and in the worker's log). */
  mark(step: S['step'], message: string): void {
    this.state.step = step;
    this.state.updatedAt = this.now();
    this.state.timeline.push({ at: this.state.updatedAt, step, message });
    log.info(message, { step });
  }

  /** The run's current details in the Temporal UI (not a command: it adds nothing to history). */
  showDetails(): void {
    const lines = this.hooks.details();
    if (this.state.reason) lines.push(`**Reason:** ${this.state.reason}: ${this.state.reasonMessage ?? ''}`);
    setCurrentDetails(lines.join('  \n'));
  }

  /** Publish a status change: search attributes, current details, and the register. */
  async publish(): Promise<void> {
    upsertSearchAttributes([{ key: ProcessStatusKey, value: this.state.status }, ...this.hooks.searchAttributes()]);
    this.showDetails();
    await this.hooks.record();
  }

  /** End the run: record the outcome everywhere and tell whoever must know. */
  async conclude(ending: Ending<S>): Promise<void> {
    this.state.status = ending.status;
    this.state.reason = ending.reason ?? null;
    this.state.reasonMessage = ending.reason ? ending.message : null;
    this.mark(ending.step, ending.reason ? `${ending.status} (${ending.reason}): ${ending.message}` : ending.message);
    await this.publish();
    await this.hooks.tell(ending);
  }

  /**
   * Run the process's story and end it the defined way whatever happens: a `Stop` concludes with
   * `stopped(...)`; an operator's cancellation runs `cancelled.cleanUp()` (close what is open) and
   * concludes, then the run ends cancelled; any other error concludes with `failed(...)` and fails
   * the run, so the Temporal UI shows the error.
   */
  async guard(
    story: () => Promise<void>,
    endings: {
      stopped: (stop: Stop<NonNullable<S['reason']>>) => Ending<S>;
      cancelled: { cleanUp: () => Promise<void>; ending: () => Ending<S> };
      failed: (message: string, step: S['step']) => Ending<S>;
      failureType: string;
      failureLabel: string;
    },
  ): Promise<void> {
    try {
      await story();
    } catch (error) {
      // Continuing as new is how a long-lived run goes on, not an end.
      if (error instanceof ContinueAsNew) throw error;
      if (error instanceof Stop) {
        await this.conclude(endings.stopped(error as Stop<NonNullable<S['reason']>>));
      } else if (isCancellation(error)) {
        // The clean-up runs in a scope the cancellation cannot reach.
        await CancellationScope.nonCancellable(async () => {
          await endings.cancelled.cleanUp();
          await this.conclude(endings.cancelled.ending());
        });
        throw error;
      } else {
        const message = failureMessage(error);
        const step = this.state.step;
        try {
          await this.conclude(endings.failed(message, step));
        } catch (recordError) {
          log.error('could not record the failure', { error: failureMessage(recordError) });
        }
        throw ApplicationFailure.nonRetryable(`${endings.failureLabel} failed at ${step}: ${message}`, endings.failureType);
      }
    }
  }
}
