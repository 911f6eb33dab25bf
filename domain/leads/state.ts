/** The lead's state: the common run status plus the lead's own details. */
import { z } from 'zod';
import { RunStatus } from '../process.js';
import { Enrichment, EnrichmentField, ProviderAttempt, ProviderName } from './enrichment.js';
import { LeadInput } from './lead.js';
import { OutreachDraft } from './outreach.js';
import { LeadScore, LeadScoringProposal } from './scoring.js';

/** Where a lead is. */
export const LeadStatus = z.enum(['enriching', 'scoring', 'routing', 'awaiting_outreach', 'contacted', 'discarded', 'nurture', 'archived', 'failed']);
export type LeadStatus = z.infer<typeof LeadStatus>;

/** The steps a lead goes through. */
export type LeadStep = 'received' | 'enrich' | 'score' | 'route' | 'outreach' | 'sent' | 'done';

/** Why a lead ended as it did. */
export type LeadReason = 'discarded' | 'expired' | 'cancelled' | 'processing_error';

/** A lead after normalisation, as the workflow carries it. */
export const NormalisedLead = LeadInput.extend({ domain: z.string(), personal: z.boolean() });

/** One submission of the lead (the same person may arrive many times: each joins the run). */
export const LeadSubmission = z.object({
  at: z.string(),
  by: z.string(),
  source: z.string().nullable(),
  listId: z.string().nullable(),
});
export type LeadSubmission = z.infer<typeof LeadSubmission>;

/** Who owned the lead, from when, and why. */
export const LeadAssignment = z.object({
  owner: z.string(),
  at: z.string(),
  why: z.enum(['territory', 'round_robin', 'reassigned', 'admin', 'nobody_in_sales']),
  pool: z.string(),
});
export type LeadAssignment = z.infer<typeof LeadAssignment>;

/** The outreach: the draft, and what became of it. */
export const LeadOutreach = z.object({
  draft: OutreachDraft.extend({ provider: z.string() }),
  sent: OutreachDraft.extend({ edited: z.boolean(), by: z.string(), at: z.string(), notificationKey: z.string() }).nullable(),
  discarded: z.object({ by: z.string(), at: z.string(), comment: z.string().optional() }).nullable(),
});
export type LeadOutreach = z.infer<typeof LeadOutreach>;

/** The lead's own part of its status. */
export const LeadDetails = z.object({
  lead: NormalisedLead,
  submissions: z.array(LeadSubmission).describe('The latest submissions (at most 20), oldest first'),
  submissionCount: z.number().int(),
  enrichment: Enrichment.describe('Every value found, with the provider that found it and when'),
  attempts: z.array(ProviderAttempt).describe('The waterfall: each provider asked, for what, and what it found'),
  missing: z.array(EnrichmentField).describe('Required fields nobody found'),
  score: LeadScore.nullable(),
  proposal: LeadScoringProposal.extend({ provider: z.string() })
    .nullable()
    .describe("An AI model's reading (scores and summary): shown beside the rules' grade, never in its place"),
  owner: z.string().nullable(),
  assignments: z.array(LeadAssignment),
  outreach: LeadOutreach.nullable(),
  reroutedBy: z.string().nullable(),
});
export type LeadDetails = z.infer<typeof LeadDetails>;

/** The whole picture of a lead. */
export const LeadState = RunStatus.extend({ process: z.literal('lead'), status: LeadStatus, details: LeadDetails });
export type LeadState = z.infer<typeof LeadState>;

/** A provider as a lead's run asks it: where its look-ups run (null: inside the workflow's worker, as a local activity). */
export interface ProviderRoute {
  name: ProviderName;
  taskQueue: string | null;
}

/** The settings a lead runs with, fixed when it starts. */
export interface LeadSettings {
  providers: ProviderRoute[];
  required: EnrichmentField[];
  cacheTtlMs: number;
  cooldownMs: number;
  /** Ask the configured AI model for a reading and a draft (false: the rules and the offline composer alone). */
  useModel: boolean;
  remindAfterMs: number;
  reassignAfterMs: number;
}

/** A submission as it reaches the workflow: who sent it, and the lead as they sent it. */
export interface SubmittedLead {
  submission: LeadSubmission;
  lead: LeadInput;
}

/** What starts a lead's workflow (from the API, the submission arrives as a signal with it; from a list, in the input). */
export interface LeadWorkflowInput {
  lead: z.infer<typeof NormalisedLead>;
  settings: LeadSettings;
  submitted?: SubmittedLead;
  /** An admin routes a nurtured or archived lead to sales: the earlier run's details, kept. */
  reroute?: { by: string; at: string; owner: string | null; carried: LeadDetails };
}

/** Where a lead of a list stands, as it tells its list when it has been routed (or has ended). */
export interface LeadListProgress {
  workflowId: string;
  status: LeadStatus;
  grade: string | null;
}

/** What starts a list's workflow. */
export interface LeadListWorkflowInput {
  /** Absent for a scheduled list: its id is its workflow id, and its rows are fetched first. */
  listId?: string;
  submittedBy: string;
  /** Absent (a scheduled list): the workers' settings when the list starts. */
  concurrency?: number;
  settings?: LeadSettings;
  /** A scheduled list: the CSV at a URL or a file path. */
  fetch?: { url?: string | undefined; path?: string | undefined };
  /** What the run this one continues had done. */
  carried?: { listId: string; position: number; details: LeadListDetails; createdAt: string; timeline: RunStatus['timeline'] };
}

/** A list's own part of its status. */
export const LeadListDetails = z.object({
  listId: z.string(),
  position: z.number().int().describe('Accepted rows handed out so far'),
  started: z.number().int().describe('Lead runs started'),
  joined: z.number().int().describe('Rows whose person already had a run going: the row joined it'),
  routed: z.number().int().describe('Leads scored and routed (or ended)'),
  failed: z.number().int(),
  continuedRuns: z.number().int(),
});
export type LeadListDetails = z.infer<typeof LeadListDetails>;

/** Where a list is. */
export const LeadListStatus = z.enum(['loading', 'running', 'completed', 'failed']);
export type LeadListStatus = z.infer<typeof LeadListStatus>;

/** The whole picture of a list's run. */
export const LeadListState = RunStatus.extend({ process: z.literal('lead-list'), status: LeadListStatus, details: LeadListDetails });
export type LeadListState = z.infer<typeof LeadListState>;
