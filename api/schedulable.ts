/**
 * The processes a schedule can start, one entry each: the input an admin gives (checked when the
 * schedule is created, not at 3 a.m.), and the workflow it becomes. A new process adds one entry.
 */
import { z } from 'zod';
import { HeartbeatCheckRequest, type HeartbeatCheckInput } from '../domain/alerts/heartbeat.js';
import { DigestRequest, type DigestInput } from '../domain/digest.js';
import { parseDuration } from '../domain/duration.js';
import type { digestWorkflow } from '../workflows/digest.js';
import type { heartbeatCheckWorkflow } from '../workflows/heartbeat.js';
import type { leadListWorkflow } from '../workflows/lead-list.js';
import type { LeadListWorkflowInput } from '../domain/leads/state.js';
import { ContentBrief } from '../domain/content/brief.js';
import type { ContentWorkflowInput } from '../domain/content/state.js';
import type { contentWorkflow } from '../workflows/content.js';

/** One schedulable process. */
export interface Schedulable {
  process: string;
  description: string;
  /** The input as an admin writes it. */
  input: z.ZodType;
  workflowType: string;
  /** The ProcessStatus a scheduled run starts in. */
  initialStatus: string;
  /** The workflow's arguments from a valid input. */
  args(input: unknown, context: { scheduleId: string; now: string }): unknown[];
  /** The Temporal UI's summary of each run. */
  summary(input: unknown): string;
}

function schedulable<S extends z.ZodType>(
  entry: Omit<Schedulable, 'input' | 'args' | 'summary'> & {
    input: S;
    args(input: z.infer<S>, context: { scheduleId: string; now: string }): unknown[];
    summary(input: z.infer<S>): string;
  },
): Schedulable {
  return entry;
}

export const SCHEDULABLE: readonly Schedulable[] = [
  schedulable({
    process: 'heartbeat',
    description: 'A dead man’s switch: raise an alert when POST /api/heartbeats/{name} has not been called for maxSilence; resolve it when beats are back',
    input: HeartbeatCheckRequest,
    workflowType: 'heartbeatCheckWorkflow' satisfies (typeof heartbeatCheckWorkflow)['name'],
    initialStatus: 'checking',
    args: (input, { scheduleId, now }) => [
      {
        name: input.name,
        maxSilenceMs: parseDuration(input.maxSilence)!,
        severity: input.severity,
        summary: input.summary ?? null,
        watchingSince: now,
        startedBy: `schedule:${scheduleId}`,
      } satisfies HeartbeatCheckInput,
    ],
    summary: (input) => `Heartbeat check: ${input.name} (at most ${input.maxSilence} silent)`,
  }),
  schedulable({
    process: 'digest',
    description: 'Tell each person (or holders of some roles) what tasks wait for them, on their channels',
    input: DigestRequest,
    workflowType: 'digestWorkflow' satisfies (typeof digestWorkflow)['name'],
    initialStatus: 'sending',
    args: (input, { scheduleId }) => [{ ...input, startedBy: `schedule:${scheduleId}` } satisfies DigestInput],
    summary: (input) => `Digest of pending tasks${input.roles ? ` for ${input.roles.join(', ')}` : ''}`,
  }),
  schedulable({
    process: 'lead-list',
    description: 'A list of leads from a CSV at a URL or a file path (a nightly export, say): each row enriched, scored and routed',
    input: z
      .object({
        url: z
          .url({ protocol: /^https?$/ })
          .optional()
          .describe('Where to fetch the CSV (http or https)'),
        path: z.string().min(1).max(1000).optional().describe('A CSV file on the workers’ file system'),
        submittedBy: z.string().min(1).max(64).default('schedule').describe('Whom the leads are recorded as coming from'),
      })
      .strict()
      .refine((i) => (i.url === undefined) !== (i.path === undefined), { message: 'give either url or path', path: ['url'] }),
    workflowType: 'leadListWorkflow' satisfies (typeof leadListWorkflow)['name'],
    initialStatus: 'loading',
    args: (input) => [{ submittedBy: input.submittedBy, fetch: { url: input.url, path: input.path } } satisfies LeadListWorkflowInput],
    summary: (input) => `Lead list from ${input.url ?? input.path}`,
  }),
  schedulable({
    process: 'content',
    description: 'The content calendar: a piece from the same brief on every run (a weekly newsletter, say), drafted, checked, reviewed and published',
    input: ContentBrief.omit({ publishAt: true }),
    workflowType: 'contentWorkflow' satisfies (typeof contentWorkflow)['name'],
    initialStatus: 'drafting',
    args: (input, { scheduleId }) => [{ brief: input, submittedBy: `schedule:${scheduleId}` } satisfies ContentWorkflowInput],
    summary: (input) => `Content “${input.title}” for ${input.platforms.join(', ')}`,
  }),
];

/** The schedulable process of a name. */
export function schedulableProcess(process: string): Schedulable | undefined {
  return SCHEDULABLE.find((s) => s.process === process);
}
