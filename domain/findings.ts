import { z } from 'zod';

/** How bad a finding is: `error` needs a person, `warning` and `info` inform. */
export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** One thing a process found while checking its input (validation, triage, quality gates, ...). */
export const Finding = z.object({
  code: z.string(),
  message: z.string(),
  severity: Severity,
  field: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;

/** One entry of a run's own timeline: a step it reached and what it said. */
export const TimelineEntry = z.object({ at: z.string(), step: z.string(), message: z.string() });
export type TimelineEntry = z.infer<typeof TimelineEntry>;
