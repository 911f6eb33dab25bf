/**
 * Escalation as data: a policy of ordered levels, each paging roles or named people on channels and
 * waiting a while for someone to act, repeated a number of times. The human-task step turns a
 * policy (or an approval's reminder / escalate / deadline timers) into a schedule it works through.
 */
import { z } from 'zod';
import { Channel } from './people.js';
import { ROLES } from './roles.js';

/** One level of a policy: whom it pages, how, and how long it waits before the next level. */
export const EscalationLevel = z
  .object({
    roles: z.array(z.enum(ROLES)).max(ROLES.length).default([]).describe('Everyone holding these roles is paged'),
    people: z.array(z.string().min(1).max(64)).max(50).default([]).describe('These people (user names) are paged too'),
    channels: z.array(Channel).min(1).max(4).describe('Channels to page on, where the person has an address (the inbox always)'),
    waitSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .describe('How long to wait for an acknowledgement before paging the next level (or repeating)'),
  })
  .refine((l) => l.roles.length + l.people.length > 0, { message: 'a level pages at least one role or person', path: ['roles'] });
export type EscalationLevel = z.infer<typeof EscalationLevel>;

/** Ordered levels, and how many times the whole policy repeats after its first pass. */
export const EscalationPolicy = z.object({
  levels: z.array(EscalationLevel).min(1).max(10),
  repeat: z.number().int().min(0).max(10).default(0).describe('Further passes through all levels after the first (2 = three passes)'),
});
export type EscalationPolicy = z.infer<typeof EscalationPolicy>;

export { approvalSchedule, pagingSchedule, type ApprovalTimers, type ScheduleEntry } from './schedule.js';
