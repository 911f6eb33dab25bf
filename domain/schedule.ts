/**
 * When the human-task step reminds, escalates, pages and expires: the schedule of a task's timers
 * from its approval timers or its escalation policy. Pure and schema-free, for workflow code (the
 * policy's schema is in `escalation.ts`).
 */
import type { EscalationPolicy } from './escalation.js';

/** Timers of an approval, in milliseconds from the moment its task is opened. */
export interface ApprovalTimers {
  reminderAfterMs: number;
  /** Absent: the task is not handed up a ladder (it expires at its deadline, and the process decides what next). */
  escalateAfterMs?: number;
  deadlineMs: number;
}

/** One thing the human-task step does at a time after the task opened, unless it was decided. */
export type ScheduleEntry =
  | { atMs: number; action: 'remind' }
  | { atMs: number; action: 'escalate' }
  | { atMs: number; action: 'page'; level: number; round: number }
  | { atMs: number; action: 'expire' };

/** An approval: remind its role, then hand it up the process's ladder (when it has one), then expire. */
export function approvalSchedule(t: ApprovalTimers): ScheduleEntry[] {
  return [
    { atMs: t.reminderAfterMs, action: 'remind' },
    ...(t.escalateAfterMs === undefined ? [] : [{ atMs: t.escalateAfterMs, action: 'escalate' as const }]),
    { atMs: t.deadlineMs, action: 'expire' },
  ];
}

/**
 * A policy's pages after the first (level 0 of round 0 is paged when the task opens): each level
 * waits its `waitSeconds`, then the next is paged; after the last level the next round starts.
 * After the last page the task waits, without expiring, for someone to act.
 */
export function pagingSchedule(policy: EscalationPolicy): ScheduleEntry[] {
  const entries: ScheduleEntry[] = [];
  let at = 0;
  for (let round = 0; round <= policy.repeat; round++) {
    policy.levels.forEach((level, index) => {
      if (round > 0 || index > 0) entries.push({ atMs: at, action: 'page', level: index, round });
      at += level.waitSeconds * 1000;
    });
  }
  return entries;
}
