/**
 * What monitors send, and the one event shape the alert workflow receives: an Alertmanager webhook
 * (version 4) carries several alerts, each one event; the generic events API (shaped like
 * PagerDuty's Events API v2) carries one.
 */
import { z } from 'zod';

/** Normalised severity. */
export const Severity = z.enum(['critical', 'high', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** What an alert is about. */
export const Topic = z.enum(['database', 'network', 'payments', 'security', 'capacity', 'application']);
export type Topic = z.infer<typeof Topic>;

const Labels = z
  .record(z.string().max(256), z.string().max(4096))
  .refine((l) => Object.keys(l).length <= 100, 'at most 100 entries')
  .default({});

/** One alert of an Alertmanager webhook. */
export const AlertmanagerAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: Labels,
  annotations: Labels,
  startsAt: z.string().max(64).optional(),
  endsAt: z.string().max(64).optional(),
  generatorURL: z.string().max(2048).optional(),
  fingerprint: z.string().min(1).max(256).optional(),
});
export type AlertmanagerAlert = z.infer<typeof AlertmanagerAlert>;

/** The Alertmanager webhook payload (version 4), as Alertmanager sends it. */
export const AlertmanagerPayload = z.object({
  version: z.literal('4'),
  groupKey: z.string().max(4096),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().max(256),
  groupLabels: Labels,
  commonLabels: Labels,
  commonAnnotations: Labels,
  externalURL: z.string().max(2048),
  alerts: z.array(AlertmanagerAlert).min(1).max(1000),
});
export type AlertmanagerPayload = z.infer<typeof AlertmanagerPayload>;

/** A name a source or key may have: it becomes part of a workflow id. */
const Key = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/** A generic event from any monitor. */
export const GenericEvent = z
  .object({
    source: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits and . _ - only')
      .describe('The monitor that sent it'),
    summary: z.string().trim().min(1).max(1024).optional(),
    severity: z.string().max(32).optional().describe('critical, high (error), warning or info; others are normalised'),
    dedupKey: Key.optional().describe('Events with the same source and key are one incident; by default the summary'),
    action: z.enum(['trigger', 'acknowledge', 'resolve']),
    labels: Labels,
    details: z
      .record(z.string().max(256), z.unknown())
      .refine((d) => Object.keys(d).length <= 100, 'at most 100 entries')
      .optional(),
    links: z
      .array(z.object({ href: z.url({ protocol: /^https?$/ }).max(2048), text: z.string().max(256).optional() }))
      .max(10)
      .default([]),
  })
  .superRefine((e, ctx) => {
    if (e.action === 'trigger' && !e.summary) ctx.addIssue({ code: 'custom', path: ['summary'], message: 'a trigger needs a summary' });
    if (e.action !== 'trigger' && !e.dedupKey) ctx.addIssue({ code: 'custom', path: ['dedupKey'], message: `${e.action} needs the dedupKey of the incident` });
  });
export type GenericEvent = z.infer<typeof GenericEvent>;

/** One event as the alert workflow receives it. */
export const AlertEvent = z.object({
  source: z.string(),
  dedupKey: z.string(),
  action: z.enum(['trigger', 'acknowledge', 'resolve']),
  summary: z.string(),
  severity: Severity,
  /** The severity as the monitor sent it, when it said one. */
  rawSeverity: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  links: z.array(z.object({ href: z.string(), text: z.string().optional() })),
  startsAt: z.string().nullable(),
  receivedAt: z.string(),
  /** Who sent it (the integration's user). */
  by: z.string(),
});
export type AlertEvent = z.infer<typeof AlertEvent>;

const SEVERITY_WORDS: Record<string, Severity> = {
  critical: 'critical',
  crit: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  page: 'critical',
  p1: 'critical',
  sev1: 'critical',
  high: 'high',
  error: 'high',
  major: 'high',
  p2: 'high',
  sev2: 'high',
  warning: 'warning',
  warn: 'warning',
  minor: 'warning',
  medium: 'warning',
  p3: 'warning',
  sev3: 'warning',
  info: 'info',
  informational: 'info',
  low: 'info',
  none: 'info',
  debug: 'info',
  p4: 'info',
  p5: 'info',
};

/** The normalised severity of a monitor's word for it; an unknown or missing word is a warning. */
export function normaliseSeverity(raw: string | undefined | null): Severity {
  return (raw && SEVERITY_WORDS[raw.trim().toLowerCase()]) || 'warning';
}

/** A short, stable hash (FNV-1a, 64 bit, hex) for keys built from labels: pure, no Node built-ins. */
export function stableHash(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

function labelsKey(labels: Record<string, string>): string {
  return stableHash(JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/** The events of an Alertmanager webhook: one per alert. */
export function alertmanagerEvents(payload: AlertmanagerPayload, by: string, receivedAt: string): AlertEvent[] {
  return payload.alerts.map((a) => {
    const labels = { ...payload.commonLabels, ...a.labels };
    const annotations = { ...payload.commonAnnotations, ...a.annotations };
    const links = [
      ...(a.generatorURL ? [{ href: a.generatorURL, text: 'Source' }] : []),
      ...(payload.externalURL ? [{ href: payload.externalURL, text: 'Alertmanager' }] : []),
    ];
    return {
      source: 'alertmanager',
      dedupKey: a.fingerprint ?? labelsKey(a.labels),
      action: a.status === 'firing' ? 'trigger' : 'resolve',
      summary: annotations.summary ?? annotations.description ?? labels.alertname ?? 'Alert',
      severity: normaliseSeverity(labels.severity),
      rawSeverity: labels.severity ?? null,
      labels,
      annotations,
      links,
      startsAt: a.startsAt ?? null,
      receivedAt,
      by,
    };
  });
}

/** The event of a generic event. */
export function genericAlertEvent(e: GenericEvent, by: string, receivedAt: string): AlertEvent {
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.details ?? {})) annotations[k] = typeof v === 'string' ? v : JSON.stringify(v);
  const summary = e.summary ?? e.dedupKey ?? 'Alert';
  return {
    source: e.source,
    dedupKey: e.dedupKey ?? `summary-${stableHash(summary)}`,
    action: e.action,
    summary,
    severity: normaliseSeverity(e.severity),
    rawSeverity: e.severity ?? null,
    labels: e.labels,
    annotations,
    links: e.links,
    startsAt: null,
    receivedAt,
    by,
  };
}

/** The workflow id of the incident of a source and key: every repeat finds the same one. */
export function alertWorkflowId(source: string, dedupKey: string): string {
  return `alert-${source}-${dedupKey}`;
}
