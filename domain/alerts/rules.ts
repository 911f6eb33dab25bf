/**
 * The alert rules the workflow applies: who may respond, and the last word on triage. Pure and
 * schema-free: workflow code imports them (see test/unit/workflow-bundle.test.ts).
 */
import type { Severity } from './event.js';
import type { Triage } from './triage.js';

/** Roles that respond to alerts: they acknowledge and resolve (and admins, who may do anything). */
export const RESPONDER_ROLES = ['oncall', 'oncall_lead', 'integration', 'admin'] as const;

/** True when someone holding `roles` may resolve an incident. */
export function mayRespond(roles: readonly string[]): boolean {
  return roles.some((r) => (RESPONDER_ROLES as readonly string[]).includes(r));
}

/** The final triage: a critical alert is never noise, whatever was proposed. */
export function finalTriage(proposed: Triage, severity: Severity): Triage {
  if (severity === 'critical' && proposed.noise) {
    return { ...proposed, noise: false, reason: `Critical alerts are always paged (triage proposed noise: ${proposed.reason})` };
  }
  return proposed;
}
