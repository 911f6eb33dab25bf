/**
 * Raising an alert event: a trigger joins the incident open for its source and key, or opens one
 * (signal-with-start through `startProcess`, atomic however many repeats arrive at once); a
 * resolution goes to the open incident and is ignored, saying so, when there is none. The API's
 * webhooks, the e-mail listener and the heartbeat check all raise events this way.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { AppConfig } from '../../config/index.js';
import type { Db } from '../../db/connect.js';
import { alertWorkflowId, type AlertEvent } from '../../domain/alerts/event.js';
import { alertEventSignal } from '../../domain/alerts/messages.js';
import { AlertSeverityKey } from '../../domain/alerts/search-attributes.js';
import type { AlertWorkflowInput } from '../../domain/alerts/state.js';
import type { alertWorkflow } from '../../workflows/alert.js';
import { startProcess } from '../runs/start-process.js';

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

/** What raising an event needs. */
export interface IngestDeps {
  db: Db;
  client: Client;
  config: Pick<AppConfig, 'alerts' | 'temporal'>;
}

/** Raise a trigger or a resolution (acknowledgements are people's decisions: the API sends those). */
export async function raiseAlertEvent(deps: IngestDeps, event: AlertEvent & { action: 'trigger' | 'resolve' }): Promise<IngestResult> {
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
  try {
    await deps.client.workflow.getHandle(workflowId).signal(alertEventSignal, event);
    return { ...result, status: 'accepted' };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { ...result, status: 'ignored', reason: 'no open incident for this alert' };
    throw error;
  }
}
