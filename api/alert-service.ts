/**
 * Ingesting alert events: a trigger joins the incident open for its source and key, or opens one
 * (signal-with-start through `startProcess`, atomic however many repeats arrive at once); a
 * resolution or an acknowledgement goes to the open incident, and is ignored, saying so, when
 * there is none.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { alertWorkflowId, type AlertEvent } from '../domain/alerts/event.js';
import { alertEventSignal } from '../domain/alerts/messages.js';
import { AlertSeverityKey } from '../domain/alerts/search-attributes.js';
import type { AlertWorkflowInput } from '../domain/alerts/state.js';
import { pendingTaskOf } from '../db/approvals.js';
import type { alertWorkflow } from '../workflows/alert.js';
import type { Caller } from './auth.js';
import { sendDecision } from './decide.js';
import type { ApiDeps } from './deps.js';
import { HttpError } from './errors.js';
import { startProcess } from './start-process.js';

/** What became of one event. */
export interface IngestResult {
  source: string;
  dedupKey: string;
  action: AlertEvent['action'];
  workflowId: string;
  status: 'accepted' | 'ignored';
  /** Why it was ignored. */
  reason?: string;
}

/** How many events of one request go to Temporal at once. */
const CONCURRENCY = 16;

/** Ingest events (in order per incident; independent incidents in parallel). */
export async function ingestAlertEvents(deps: ApiDeps, events: AlertEvent[], caller: Caller): Promise<IngestResult[]> {
  const results: IngestResult[] = new Array<IngestResult>(events.length);
  let next = 0;
  const worker = async () => {
    while (next < events.length) {
      const index = next++;
      results[index] = await ingestOne(deps, events[index]!, caller);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, events.length) }, worker));
  return results;
}

async function ingestOne(deps: ApiDeps, event: AlertEvent, caller: Caller): Promise<IngestResult> {
  const workflowId = alertWorkflowId(event.source, event.dedupKey);
  const result = { source: event.source, dedupKey: event.dedupKey, action: event.action, workflowId };
  if (event.action === 'trigger') {
    const input: AlertWorkflowInput = {
      source: event.source,
      dedupKey: event.dedupKey,
      pauseForMs: deps.config.alerts.pauseForMs,
      ackTimeoutMs: deps.config.alerts.ackTimeoutMs,
      maxEventsPerRun: deps.config.alerts.eventsPerRun,
    };
    await startProcess(deps, {
      process: 'alert',
      id: null,
      workflowId,
      workflowType: 'alertWorkflow' satisfies (typeof alertWorkflow)['name'],
      taskQueue: deps.config.temporal.taskQueue,
      args: [input],
      initialStatus: 'open',
      submittedBy: event.by,
      subject: event.summary,
      summary: `[${event.severity}] ${event.summary} (${event.source})`.slice(0, 400),
      memo: { source: event.source, dedupKey: event.dedupKey },
      searchAttributes: [{ key: AlertSeverityKey, value: event.severity }],
      join: { signal: alertEventSignal.name, args: [event] },
    });
    return { ...result, status: 'accepted' };
  }
  if (event.action === 'resolve') {
    try {
      await deps.client.workflow.getHandle(workflowId).signal(alertEventSignal, event);
      return { ...result, status: 'accepted' };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return { ...result, status: 'ignored', reason: 'no open incident for this alert' };
      throw error;
    }
  }
  const task = await pendingTaskOf(deps.db, workflowId, 'acknowledge');
  if (!task) return { ...result, status: 'ignored', reason: 'no incident of this alert waits for an acknowledgement' };
  try {
    await sendDecision(deps, task, caller, { decision: 'acknowledge', comment: `Acknowledged by ${event.source}` });
  } catch (error) {
    if (error instanceof HttpError && error.status === 409) return { ...result, status: 'ignored', reason: error.message };
    throw error;
  }
  return { ...result, status: 'accepted' };
}
