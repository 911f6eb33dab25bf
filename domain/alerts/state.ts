/** The alert incident's state: the common run status plus the alert's own details. */
import { z } from 'zod';
import { SignedActionResult } from '../approval.js';
import { EscalationPolicy } from '../escalation.js';
import { Channel } from '../people.js';
import { RunStatus } from '../process.js';
import { AlertEvent, Severity, Topic } from './event.js';
import { Triage } from './triage.js';

/** Where an incident is. */
export const AlertStatus = z.enum(['open', 'acknowledged', 'resolved', 'suppressed']);
export type AlertStatus = z.infer<typeof AlertStatus>;

/** The steps an incident goes through. */
export type AlertStep = 'received' | 'triage' | 'pause' | 'route' | 'page' | 'acknowledged' | 'suppressed' | 'resolved' | 'done';

/** Why an incident ended as it did. */
export type AlertReason = 'resolved_before_page' | 'cancelled' | 'processing_error';

/** One round of pages to one level. */
export const AlertPage = z.object({
  level: z.number().int(),
  round: z.number().int(),
  at: z.string(),
  roles: z.array(z.string()),
  users: z.array(z.string()).describe('Who was paged'),
  channels: z.array(Channel),
});
export type AlertPage = z.infer<typeof AlertPage>;

/** The alert's own part of its status. */
export const AlertDetails = z.object({
  source: z.string(),
  dedupKey: z.string(),
  summary: z.string(),
  severity: Severity,
  topic: Topic.nullable(),
  labels: z.record(z.string(), z.string()),
  links: AlertEvent.shape.links,
  occurrences: z.number().int().describe('Trigger events received, the first included'),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  events: z.array(AlertEvent).describe('The latest events (at most 20), oldest first'),
  triage: Triage.extend({ provider: z.string(), proposed: Triage.optional() }).nullable(),
  route: z.object({ name: z.string(), policy: EscalationPolicy }).nullable(),
  pages: z.array(AlertPage),
  acknowledgement: SignedActionResult.nullable(),
  resolution: SignedActionResult.extend({ via: z.enum(['event', 'api']) }).nullable(),
  suppression: z.object({ reason: z.string(), at: z.string(), liftedBy: z.string().optional(), liftedAt: z.string().optional() }).nullable(),
  /** Runs this incident continued as new from, after many events or days open. */
  continuedRuns: z.number().int(),
});
export type AlertDetails = z.infer<typeof AlertDetails>;

/** The whole picture of an alert incident. */
export const AlertState = RunStatus.extend({ process: z.literal('alert'), status: AlertStatus, details: AlertDetails });
export type AlertState = z.infer<typeof AlertState>;

/** What starts an incident's workflow (the first event arrives as a signal with it). */
export interface AlertWorkflowInput {
  source: string;
  dedupKey: string;
  /** Wait this long before the first page: a transient alert may resolve meanwhile (ALERT_PAUSE_FOR). */
  pauseForMs: number;
  /** Page again when an acknowledged incident is not resolved within this (ALERT_ACK_TIMEOUT). */
  ackTimeoutMs: number;
  /** Continue as new after this many events in one run. */
  maxEventsPerRun: number;
  /** The state carried over from the run this one continues. */
  carried?: AlertState;
  /** Triggers that arrived as the previous incident was closing: they open this new one. */
  refired?: AlertEvent[];
}

export { mayRespond, RESPONDER_ROLES } from './rules.js';
