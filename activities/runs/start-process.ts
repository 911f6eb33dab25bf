/**
 * The one way every process starts: a row in the shared run register, then the workflow, with its
 * id from a business key, a conflict policy that joins a run already going instead of starting a
 * second, the shared search attributes, a memo and a summary for the Temporal UI.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import type { SignalDefinition } from '@temporalio/workflow';
import type { Db } from '../../db/connect.js';
import { registerRun } from '../../db/runs.js';
import { ProcessStatusKey, ProcessTypeKey } from '../../domain/search-attributes.js';
import { runsStarted } from '../../config/metrics.js';

/** What starting a process run takes. */
export interface ProcessStart {
  /** The process ("invoice", ...): the ProcessType search attribute and the register's process. */
  process: string;
  /**
   * The run's id within its process; the workflow id comes from it (helpers in domain/ids.ts).
   * Null when the run gets its id when it starts (an alert incident is its first run's id): the
   * workflow then registers itself, in its first step.
   */
  id: string | null;
  workflowId: string;
  /** The workflow function's name. */
  workflowType: string;
  taskQueue: string;
  args: unknown[];
  /** The status the run starts in (ProcessStatus, the register). */
  initialStatus: string;
  submittedBy: string;
  /** One line for lists: "Invoice INV-1 from Acme". */
  subject: string;
  /** The Temporal UI's summary of the run. */
  summary: string;
  memo?: Record<string, unknown>;
  /** The process's own search attributes, besides ProcessType and ProcessStatus. */
  searchAttributes?: SearchAttributePair[];
  /**
   * Join the run going for this business key with a signal, starting it when there is none
   * (signal-with-start: atomic, however many arrive at once). A finished run is not joined: a
   * new run starts (an alert that fires again after it resolved is a new incident).
   */
  join?: { signal: SignalDefinition<[never]> | string; args: unknown[] };
  /** A finished run of this business key may be followed by a new one (a lead routed again); a running one is used. */
  reuseFinished?: boolean;
}

/**
 * Register and start a process run. Starting it again (a repeated request, a retry after a crash
 * between registering and starting) finds the run that exists, running or finished: never a second.
 */
export async function startProcess(deps: { db: Db; client: Client }, start: ProcessStart): Promise<{ runId: string | undefined }> {
  if (start.id !== null) {
    await registerRun(deps.db, {
      process: start.process,
      id: start.id,
      workflowId: start.workflowId,
      status: start.initialStatus,
      submittedBy: start.submittedBy,
      subject: start.subject,
    });
  }
  const options = {
    taskQueue: start.taskQueue,
    workflowId: start.workflowId,
    args: start.args,
    typedSearchAttributes: [
      { key: ProcessTypeKey, value: start.process },
      { key: ProcessStatusKey, value: start.initialStatus },
      ...(start.searchAttributes ?? []),
    ],
    ...(start.memo && { memo: start.memo }),
    staticSummary: start.summary,
  };
  if (start.join) {
    const handle = await deps.client.workflow.signalWithStart(start.workflowType, {
      ...options,
      signal: start.join.signal as string,
      signalArgs: start.join.args,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
    runsStarted.inc({ process: start.process, outcome: 'signalled' });
    return { runId: handle.signaledRunId };
  }
  try {
    const handle = await deps.client.workflow.start(start.workflowType, {
      ...options,
      workflowIdConflictPolicy: 'USE_EXISTING',
      // A run that already finished is not started again for the same business key, unless the process says so.
      workflowIdReusePolicy: start.reuseFinished ? 'ALLOW_DUPLICATE' : 'REJECT_DUPLICATE',
    });
    runsStarted.inc({ process: start.process, outcome: 'started' });
    return { runId: handle.firstExecutionRunId };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    runsStarted.inc({ process: start.process, outcome: 'finished_before' });
    return { runId: undefined };
  }
}
