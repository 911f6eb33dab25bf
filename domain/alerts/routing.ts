/**
 * Alert routing as data: rules matching severity, topic and labels to an escalation policy; the
 * first rule that matches wins. Admins change them through the API; a default set applies until then.
 */
import { z } from 'zod';
import { EscalationPolicy } from '../escalation.js';
import { Severity, Topic } from './event.js';
import { NoiseSettings } from './triage.js';

/** One routing rule. */
export const AlertRoute = z.object({
  name: z.string().trim().min(1).max(100),
  match: z
    .object({
      severities: z.array(Severity).min(1).optional().describe('Any of these severities (all when absent)'),
      topics: z.array(Topic).min(1).optional().describe('Any of these topics (all when absent)'),
      labels: z.record(z.string().max(256), z.string().max(1024)).optional().describe('Every one of these labels with exactly this value'),
    })
    .default({}),
  policy: EscalationPolicy,
});
export type AlertRoute = z.infer<typeof AlertRoute>;

/** The routing document: rules in order, and noise settings. */
export const AlertRouting = z
  .object({
    routes: z.array(AlertRoute).min(1).max(100),
    noise: NoiseSettings.default({ patterns: [], flapping: { count: 3, windowMinutes: 60 } }),
  })
  .superRefine((r, ctx) => {
    const names = new Set<string>();
    r.routes.forEach((route, i) => {
      if (names.has(route.name)) ctx.addIssue({ code: 'custom', path: ['routes', i, 'name'], message: `a second route named "${route.name}"` });
      names.add(route.name);
    });
  });
export type AlertRouting = z.infer<typeof AlertRouting>;

/** The routes in force until an admin sets others. */
export const DEFAULT_ALERT_ROUTING: AlertRouting = {
  routes: [
    {
      name: 'critical',
      match: { severities: ['critical'] },
      policy: {
        levels: [
          { roles: ['oncall'], people: [], channels: ['sms', 'slack'], waitSeconds: 300 },
          { roles: ['oncall_lead'], people: [], channels: ['sms', 'email'], waitSeconds: 300 },
        ],
        repeat: 2,
      },
    },
    {
      name: 'high',
      match: { severities: ['high'] },
      policy: {
        levels: [
          { roles: ['oncall'], people: [], channels: ['slack', 'sms'], waitSeconds: 900 },
          { roles: ['oncall_lead'], people: [], channels: ['email'], waitSeconds: 1800 },
        ],
        repeat: 0,
      },
    },
    {
      name: 'everything else',
      match: {},
      policy: { levels: [{ roles: ['oncall'], people: [], channels: ['slack'], waitSeconds: 3600 }], repeat: 0 },
    },
  ],
  noise: { patterns: [], flapping: { count: 3, windowMinutes: 60 } },
};

/** Whom to page when no rule matches: admins, in the inbox, so nothing is lost. */
export const NO_ROUTE: AlertRoute = {
  name: 'no matching route',
  match: {},
  policy: { levels: [{ roles: ['admin'], people: [], channels: ['inbox'], waitSeconds: 3600 }], repeat: 0 },
};

/** The first route that matches an incident (`NO_ROUTE` when none does). */
export function matchRoute(routes: readonly AlertRoute[], incident: { severity: Severity; topic: Topic; labels: Record<string, string> }): AlertRoute {
  return (
    routes.find((r) => {
      const m = r.match;
      if (m.severities && !m.severities.includes(incident.severity)) return false;
      if (m.topics && !m.topics.includes(incident.topic)) return false;
      return Object.entries(m.labels ?? {}).every(([k, v]) => incident.labels[k] === v);
    }) ?? NO_ROUTE
  );
}
