/** The alert's side effects: triage (AI), routing (rules as data), its record, and telling people it resolved. */
import { matchRoute, AlertRouting, DEFAULT_ALERT_ROUTING, type AlertRoute } from '../../domain/alerts/routing.js';
import type { AlertState } from '../../domain/alerts/state.js';
import { matchingPatterns, type Triage, type TriageFacts } from '../../domain/alerts/triage.js';
import type { Severity, Topic } from '../../domain/alerts/event.js';
import type { Channel } from '../../domain/people.js';
import { sideEffectKey } from '../../domain/ids.js';
import { countIncidentsSince, recordAlert } from '../../db/alerts.js';
import { enqueueNotification } from '../../db/notifications.js';
import { getSetting } from '../../db/settings.js';
import { aiFailure } from '../ai/provider.js';
import { heartbeating, type ActivityDeps } from '../deps.js';
import type { ProviderChoice } from '../invoice/reading.js';
import { alertTriageTask } from './ai-tasks.js';

/** The settings key of the routing document. */
export const ALERT_ROUTING_KEY = 'alert-routing';

/** The routing document in force. */
export async function alertRouting(deps: Pick<ActivityDeps, 'db'>) {
  return getSetting(deps.db, ALERT_ROUTING_KEY, AlertRouting, DEFAULT_ALERT_ROUTING);
}

/** What triaging an alert is told. */
export interface TriageInput {
  incidentId: string;
  source: string;
  dedupKey: string;
  summary: string;
  severity: Severity;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  createdAt: string;
  provider: ProviderChoice;
}

/** The alert activities. */
export function alertActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    /** Triage an alert on the configured AI (or the offline rules): topic, noise or not, why. */
    async triageAlert(input: TriageInput): Promise<{ triage: Triage; provider: string }> {
      const { value: routing } = await alertRouting(deps);
      const flapping = routing.noise.flapping;
      const since = new Date(Date.parse(input.createdAt) - flapping.windowMinutes * 60_000).toISOString();
      const facts: TriageFacts = {
        source: input.source,
        summary: input.summary,
        severity: input.severity,
        labels: input.labels,
        annotations: input.annotations,
        matchedPatterns: matchingPatterns(routing.noise.patterns, input.summary, input.labels),
        recentIncidents: await countIncidentsSince(db, input.source, input.dedupKey, since),
        flapping,
      };
      const provider = input.provider === 'primary' ? deps.ai : deps.fallbackAi;
      try {
        return { triage: await heartbeating(() => provider.run(alertTriageTask, facts)), provider: provider.name };
      } catch (error) {
        aiFailure(error);
      }
    },
    /** The route (and its escalation policy) an incident takes: the first routing rule that matches. */
    async routeAlert(input: { severity: Severity; topic: Topic; labels: Record<string, string> }): Promise<Pick<AlertRoute, 'name' | 'policy'>> {
      const { value: routing } = await alertRouting(deps);
      const route = matchRoute(routing.routes, input);
      return { name: route.name, policy: route.policy };
    },
    /** Record the incident's state for the list and the register. */
    async recordAlert(input: { state: AlertState; runId: string }): Promise<void> {
      await recordAlert(db, input.state, input.runId);
    },
    /** Tell everyone who was paged that the incident resolved, on the channels they were paged on. */
    async notifyAlertResolved(input: {
      workflowId: string;
      incidentId: string;
      subject: string;
      body: string;
      paged: { user: string; channels: Channel[] }[];
    }): Promise<void> {
      for (const person of input.paged) {
        await enqueueNotification(db, {
          key: sideEffectKey(input.incidentId, `resolved-${person.user}`),
          workflowId: input.workflowId,
          channel: 'page',
          recipient: person.user,
          channels: person.channels,
          subject: input.subject,
          body: input.body,
        });
      }
    },
  };
}
