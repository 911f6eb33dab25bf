/**
 * Heartbeats: a monitored job or monitor beats (`POST /api/heartbeats/{name}`), and a scheduled
 * check raises an alert when the beats stop (a dead man's switch), and resolves it when they
 * come back. The alert chain then pages as for any alert.
 */
import { z } from 'zod';
import { DurationText } from '../schedules.js';
import type { RunStatus } from '../process.js';
import { Severity } from './event.js';

/** The source of the alerts a heartbeat check raises. */
export const HEARTBEAT_SOURCE = 'heartbeat';

/** A heartbeat's name: part of the alert's key. */
export const HeartbeatName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits and . _ - only');

/** What a heartbeat-check schedule is given. */
export const HeartbeatCheckRequest = z.object({
  name: HeartbeatName.describe('The heartbeat watched: what POST /api/heartbeats/{name} beats'),
  maxSilence: DurationText.describe('Raise an alert when no beat came for this long'),
  severity: Severity.default('critical'),
  summary: z.string().trim().min(1).max(300).optional().describe('The alert\'s summary (default: "No heartbeat from <name> for <silence>")'),
});
export type HeartbeatCheckRequest = z.infer<typeof HeartbeatCheckRequest>;

/** The heartbeat-check workflow's input. */
export interface HeartbeatCheckInput {
  name: string;
  maxSilenceMs: number;
  severity: Severity;
  summary: string | null;
  /** Silence counts from here while no beat has ever come (the schedule's creation). */
  watchingSince: string;
  /** Who started the check ("schedule:<id>"). */
  startedBy: string;
}

/** What one check found and did. */
export interface HeartbeatCheckDetails {
  name: string;
  maxSilenceMs: number;
  lastBeatAt: string | null;
  silentForMs: number | null;
  /** raised: the alert fired (or repeated); resolved: beats are back, the alert was resolved; healthy: nothing to do. */
  outcome: 'raised' | 'resolved' | 'healthy' | null;
  alertWorkflowId: string | null;
}

export type HeartbeatCheckStatus = 'checking' | 'silent' | 'healthy' | 'failed';

/** The heartbeat check's status: the shared shape with its details. */
export type HeartbeatCheckState = RunStatus & { process: 'heartbeat'; status: HeartbeatCheckStatus; details: HeartbeatCheckDetails };

/** How long a heartbeat has been silent at `now`, counted from its last beat or, with none, from `since`. */
export function silenceOf(lastBeatAt: string | null, since: string, now: number): number {
  return Math.max(0, now - Date.parse(lastBeatAt ?? since));
}

/** The alert summary of a silent heartbeat. */
export function silentSummary(input: Pick<HeartbeatCheckInput, 'name' | 'summary'>, silentForMs: number): string {
  return input.summary ?? `No heartbeat from ${input.name} for ${Math.round(silentForMs / 60_000)} min`;
}
