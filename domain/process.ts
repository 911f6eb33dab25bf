/**
 * What every process's `status` query answers: the same common fields for every process (what the
 * API, the inbox and the Temporal UI rely on), plus the process's own `details`.
 */
import { z } from 'zod';
import { ApprovalRecord, IgnoredDecision } from './approval.js';
import { TimelineEntry } from './findings.js';

/** The common fields of every process run's status. */
export const RunStatus = z.object({
  process: z.string().describe('Which process ("invoice", ...)'),
  id: z.string().describe("The run's id within its process"),
  workflowId: z.string(),
  status: z.string(),
  step: z.string(),
  reason: z.string().nullable().describe('Why it ended as it did, when not a plain success'),
  reasonMessage: z.string().nullable(),
  submittedBy: z.string(),
  timeline: z.array(TimelineEntry),
  tasks: z.array(ApprovalRecord).describe("People's tasks of this run, open and closed"),
  ignoredDecisions: z.array(IgnoredDecision).describe('Decisions received that did not count, and why'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RunStatus = z.infer<typeof RunStatus>;
