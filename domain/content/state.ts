/** The content piece's state: the common run status plus the piece's own details. */
import { z } from 'zod';
import { Finding } from '../findings.js';
import { RunStatus } from '../process.js';
import { ContentBrief } from './brief.js';
import { ContentDraft } from './draft.js';

/** Where a piece is. */
export const ContentStatus = z.enum([
  'drafting',
  'in_review',
  'scheduled',
  'publishing',
  'published',
  'rejected',
  'expired',
  'cancelled',
  'publish_failed',
  'failed',
]);
export type ContentStatus = z.infer<typeof ContentStatus>;

/** The steps a piece goes through. */
export type ContentStep = 'received' | 'draft' | 'gates' | 'review' | 'schedule' | 'publish' | 'done';

/** Why a piece ended as it did. */
export type ContentReason = 'rejected' | 'cancelled' | 'expired' | 'publish_rejected' | 'processing_error';

/** A platform's format of a version. */
export const ContentFormats = z.object({
  blog: z.object({ markdown: z.string(), html: z.string().describe('Sanitised: every text escaped, only http(s) links') }).optional(),
  linkedin: z.object({ text: z.string() }).optional(),
  x: z.object({ posts: z.array(z.string()).describe('The thread, numbered, each within X’s limit') }).optional(),
  newsletter: z.object({ subject: z.string(), html: z.string(), text: z.string() }).optional(),
});

/** What changed from the version before. */
export const VersionDiffSchema = z.object({
  added: z.number().int(),
  removed: z.number().int(),
  unchanged: z.number().int(),
  lines: z.array(z.object({ op: z.enum(['+', '-']), line: z.string() })),
  truncated: z.boolean(),
});

/** One version of a piece: the draft, its formats, what the gates found, and why it was written. */
export const ContentVersion = z.object({
  version: z.number().int(),
  draft: ContentDraft,
  formats: ContentFormats,
  findings: z.array(Finding),
  passed: z.boolean().describe('No finding is an error'),
  provider: z.string().describe('Who wrote it: the model, or "offline"'),
  reason: z.enum(['first', 'redraft', 'changes_requested']),
  comment: z.string().optional().describe('The editor’s comment this version answers'),
  diff: VersionDiffSchema.nullable().describe('The change from the version before'),
  createdAt: z.string(),
});
export type ContentVersion = z.infer<typeof ContentVersion>;

/** An editor's decision on a version. */
export const ContentReview = z.object({
  version: z.number().int(),
  decision: z.enum(['approve', 'request_changes', 'reject']),
  by: z.string(),
  at: z.string(),
  comment: z.string().optional(),
});
export type ContentReview = z.infer<typeof ContentReview>;

/** The publication: when it is due, where it went, what became of it. */
export const ContentPublication = z.object({
  version: z.number().int(),
  dueAt: z.string(),
  target: z.enum(['store', 'cms']),
  status: z.enum(['scheduled', 'published', 'cancelled', 'failed']),
  urls: z.record(z.string(), z.string()).describe('Per platform, where it can be read'),
  cancelled: z.object({ by: z.string(), at: z.string(), note: z.string().optional() }).nullable(),
  error: z.string().nullable(),
  publishedAt: z.string().nullable(),
});
export type ContentPublication = z.infer<typeof ContentPublication>;

/** The piece's own part of its status. */
export const ContentDetails = z.object({
  brief: ContentBrief,
  versions: z.array(ContentVersion).describe('Every version, oldest first'),
  redrafts: z.number().int().describe('Drafts written again because gates failed, for the current round'),
  revisions: z.number().int().describe('Changes the editor asked for'),
  reviews: z.array(ContentReview),
  publication: ContentPublication.nullable(),
});
export type ContentDetails = z.infer<typeof ContentDetails>;

/** The whole picture of a piece. */
export const ContentState = RunStatus.extend({ process: z.literal('content'), status: ContentStatus, details: ContentDetails });
export type ContentState = z.infer<typeof ContentState>;

/** The settings a piece runs with, read when it starts. */
export interface ContentSettings {
  maxRedrafts: number;
  maxRevisions: number;
  /** Ask the configured AI model to draft (false: the offline composer). */
  useModel: boolean;
  remindAfterMs: number;
  escalateAfterMs: number;
  deadlineMs: number;
  target: 'store' | 'cms';
}

/** What starts a piece's workflow (from the API, or a schedule of the content calendar). */
export interface ContentWorkflowInput {
  /** Absent for a scheduled piece: its id comes from its workflow id. */
  id?: string;
  brief: ContentBrief;
  submittedBy: string;
}
