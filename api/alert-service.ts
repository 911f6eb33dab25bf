/**
 * Ingesting alert events from the API: triggers and resolutions are raised as every trigger raises
 * them (activities/alerts/ingest.ts); an acknowledgement from a monitor is a decision on the
 * pending page, sent as the API sends people's decisions, and ignored, saying so, when none waits.
 */
export type { IngestResult } from '../activities/alerts/ingest.js';
import { raiseAlertEvent, type IngestResult } from '../activities/alerts/ingest.js';
import { alertWorkflowId, type AlertEvent } from '../domain/alerts/event.js';
import { pendingTaskOf } from '../db/approvals.js';
import type { Caller } from './auth.js';
import { sendDecision } from './decide.js';
import type { ApiDeps } from './deps.js';
import { HttpError } from './errors.js';

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
  if (event.action !== 'acknowledge') return raiseAlertEvent(deps, { ...event, action: event.action });
  const workflowId = alertWorkflowId(event.source, event.dedupKey);
  const result = { source: event.source, dedupKey: event.dedupKey, action: event.action, workflowId };
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
