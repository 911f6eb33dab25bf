/**
 * Schedules start processes on a calendar (Temporal Schedules, not timers of our own). What an admin
 * writes: which process, when (cron lines or an interval, in a time zone), with which input, and
 * what happens when a run is still going at the next time (the overlap policy).
 */
import { z } from 'zod';
import { parseDuration } from './duration.js';

/** A duration as text: `90s`, `15m`, `24h`, `7d`. */
export const DurationText = z
  .string()
  .max(32)
  .refine((t) => (parseDuration(t) ?? 0) > 0, { message: 'a duration such as 30s, 15m, 24h or 7d' });

/** What the schedule does when a run it started is still going at the next time. */
export const SCHEDULE_OVERLAPS = ['skip', 'buffer_one', 'buffer_all', 'cancel_other', 'terminate_other', 'allow_all'] as const;
export const ScheduleOverlap = z.enum(SCHEDULE_OVERLAPS);
export type ScheduleOverlap = z.infer<typeof ScheduleOverlap>;

/** A cron line: five fields (minute hour day month weekday), or @hourly, @daily, @weekly, @monthly, @yearly. */
const CronLine = z
  .string()
  .trim()
  .max(128)
  .refine((c) => /^@(hourly|daily|weekly|monthly|yearly|annually)$/.test(c) || /^\S+(\s+\S+){4,6}$/.test(c), {
    message: 'five fields (minute hour day-of-month month day-of-week) or @hourly/@daily/@weekly/@monthly/@yearly',
  });

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** When a schedule starts its process. */
export const ScheduleSpec = z
  .object({
    cron: z.array(CronLine).min(1).max(10).optional().describe('Cron lines; the schedule runs at each'),
    interval: z
      .object({
        every: DurationText.describe('e.g. 15m, 24h'),
        offset: DurationText.optional().describe('Shift within the interval, e.g. every 24h at offset 2h = 02:00 UTC'),
      })
      .optional(),
    timezone: z
      .string()
      .max(64)
      .refine(isTimeZone, { message: 'an IANA time zone such as Europe/Berlin or UTC' })
      .optional()
      .describe('The time zone cron lines are read in (default UTC)'),
  })
  .refine((s) => Boolean(s.cron) !== Boolean(s.interval), { message: 'give either cron or interval', path: ['cron'] });
export type ScheduleSpec = z.infer<typeof ScheduleSpec>;

/** The id of a schedule: also part of the workflow ids of the runs it starts. */
export const ScheduleId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'letters, digits and . _ - (starting with a letter or digit)');

/** Creating a schedule. */
export const NewSchedule = z.object({
  id: ScheduleId,
  process: z.string().min(1).max(64).describe('What it starts; GET /api/schedules lists the processes that can be scheduled'),
  spec: ScheduleSpec,
  input: z.unknown().default({}).describe("The process's start input, checked when the schedule is created"),
  overlap: ScheduleOverlap.default('skip'),
  paused: z.boolean().default(false),
  note: z.string().max(500).optional(),
});
export type NewSchedule = z.infer<typeof NewSchedule>;

/** Changing a schedule: pause or unpause (with a note), a new spec, input or overlap policy. */
export const ScheduleChange = z
  .object({
    spec: ScheduleSpec.optional(),
    input: z.unknown().optional(),
    overlap: ScheduleOverlap.optional(),
    paused: z.boolean().optional(),
    note: z.string().max(500).optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: 'change at least one of spec, input, overlap, paused, note' });
export type ScheduleChange = z.infer<typeof ScheduleChange>;

/** Running a schedule's action now. */
export const ScheduleTrigger = z.object({ overlap: ScheduleOverlap.optional() });

/** Taking the actions a schedule would have taken between two times (after an outage, say). */
export const ScheduleBackfill = z
  .object({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    overlap: ScheduleOverlap.optional(),
  })
  .refine((b) => Date.parse(b.from) < Date.parse(b.to), { message: 'from must be before to', path: ['from'] });
