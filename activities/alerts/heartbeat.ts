/**
 * The heartbeat check's step: how long the heartbeat has been silent, and the alert it raises when
 * too long (a repeat joins the open incident) or resolves when beats are back. It raises events the
 * way the webhooks do, with the worker's own Temporal client.
 */
import { Context } from '@temporalio/activity';
import { getHeartbeat } from '../../db/heartbeats.js';
import type { AlertEvent } from '../../domain/alerts/event.js';
import { alertWorkflowId } from '../../domain/alerts/event.js';
import { HEARTBEAT_SOURCE, silenceOf, silentSummary, type HeartbeatCheckDetails, type HeartbeatCheckInput } from '../../domain/alerts/heartbeat.js';
import type { ActivityDeps } from '../deps.js';
import { raiseAlertEvent } from './ingest.js';

/** The heartbeat activities. */
export function heartbeatActivities(deps: ActivityDeps) {
  return {
    /** Check one heartbeat; raise or resolve its alert. */
    async checkHeartbeat(input: HeartbeatCheckInput): Promise<HeartbeatCheckDetails> {
      const beat = await getHeartbeat(deps.db, input.name);
      const lastBeatAt = beat?.lastAt ?? null;
      const silentForMs = silenceOf(lastBeatAt, input.watchingSince, Date.now());
      const silent = silentForMs > input.maxSilenceMs;
      const event: AlertEvent = {
        source: HEARTBEAT_SOURCE,
        dedupKey: input.name,
        action: silent ? 'trigger' : 'resolve',
        summary: silentSummary(input, silentForMs),
        severity: input.severity,
        rawSeverity: null,
        labels: { alertname: 'HeartbeatMissing', heartbeat: input.name },
        annotations: { lastBeatAt: lastBeatAt ?? 'never', maxSilence: `${Math.round(input.maxSilenceMs / 1000)} s` },
        links: [],
        startsAt: null,
        receivedAt: new Date().toISOString(),
        by: 'heartbeat-check',
      };
      const raised = await raiseAlertEvent(
        { db: deps.db, client: Context.current().client, config: deps.config },
        { ...event, action: event.action as 'trigger' | 'resolve' },
      );
      return {
        name: input.name,
        maxSilenceMs: input.maxSilenceMs,
        lastBeatAt,
        silentForMs,
        outcome: silent ? 'raised' : raised.status === 'accepted' ? 'resolved' : 'healthy',
        alertWorkflowId: silent || raised.status === 'accepted' ? alertWorkflowId(HEARTBEAT_SOURCE, input.name) : null,
      };
    },
  };
}
