/**
 * Triage: the topic of an alert and whether it is noise, with a reason and a confidence. A model
 * (or the offline rules) proposes; the rules here have the last word: no model can suppress a
 * critical alert.
 */
import { z } from 'zod';
import { Severity, Topic } from './event.js';

/** What triage proposes for an alert. */
export const Triage = z.object({
  topic: Topic,
  noise: z.boolean().describe('True when no person needs to act on it'),
  reason: z.string().min(1).max(500),
  confidence: z.number().min(0).max(1),
});
export type Triage = z.infer<typeof Triage>;

/** A pattern admins mark as known noise: matched, case-insensitively, in the summary or a label. */
export const NoisePattern = z.object({
  name: z.string().trim().min(1).max(100),
  contains: z.string().trim().min(3).max(200),
});
export type NoisePattern = z.infer<typeof NoisePattern>;

/** Noise settings admins keep (part of the alert routing document). */
export const NoiseSettings = z.object({
  patterns: z.array(NoisePattern).max(200).default([]),
  flapping: z
    .object({
      count: z.number().int().min(2).max(100).describe('This many incidents of one alert...'),
      windowMinutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60)
        .describe('...within this window is flapping'),
    })
    .default({ count: 3, windowMinutes: 60 }),
});
export type NoiseSettings = z.infer<typeof NoiseSettings>;

/** What triage is told about an alert. */
export const TriageFacts = z.object({
  source: z.string(),
  summary: z.string(),
  severity: Severity,
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  /** Known noise the summary or labels match, by the admins' patterns. */
  matchedPatterns: z.array(z.string()),
  /** Incidents of this alert (source + key) opened within the flapping window, this one included. */
  recentIncidents: z.number().int(),
  flapping: NoiseSettings.shape.flapping.unwrap(),
});
export type TriageFacts = z.infer<typeof TriageFacts>;

/** The patterns `facts` match. */
export function matchingPatterns(patterns: readonly NoisePattern[], summary: string, labels: Record<string, string>): string[] {
  const haystack = [summary, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)].join('\n').toLowerCase();
  return patterns.filter((p) => haystack.includes(p.contains.toLowerCase())).map((p) => p.name);
}

export { finalTriage } from './rules.js';
