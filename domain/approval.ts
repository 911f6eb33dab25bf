import { z } from 'zod';
import { ROLES } from './roles.js';

export { DECIDED_STATUS, DECISIONS, decisionRefusal, mayAct, refusalMessage, type DecidableTask } from './decisions.js';

/**
 * The kinds of human work a process can ask for: `approval` (approve / reject), `review` (approve
 * with a comment / reject), `acknowledge` (an alert: someone is on it), `edit` (accept, possibly
 * with edits / discard) and `content_review` (approve / request changes with a comment / reject).
 */
export const HumanTaskKind = z.enum(['review', 'approval', 'acknowledge', 'edit', 'content_review']);
export type HumanTaskKind = z.infer<typeof HumanTaskKind>;

/** A person's decision on a task, as the API sends it to the workflow. */
export const Decision = z.enum(['approve', 'reject', 'acknowledge', 'accept', 'discard', 'request_changes']);
export type Decision = z.infer<typeof Decision>;

/** A task a process asks people to do: which step, who may act, and whether a comment is needed. */
export const HumanTaskPlan = z.object({
  key: z.string(),
  role: z.enum(ROLES),
  kind: HumanTaskKind,
  requireComment: z.boolean(),
  reason: z.string(),
  decisions: z
    .array(Decision)
    .optional()
    .describe('The decisions this task takes when fewer than its kind’s (a review past its revision limit: approve or reject)'),
});
export type HumanTaskPlan = z.infer<typeof HumanTaskPlan>;

/** Who may act on a task besides its current role: roles and named people (from escalation levels). */
export const TaskActors = z.object({
  roles: z.array(z.enum(ROLES)),
  users: z.array(z.string()),
});
export type TaskActors = z.infer<typeof TaskActors>;

/** A decision as the workflow records it. */
export const RecordedDecision = z.object({
  taskId: z.string(),
  decision: Decision,
  by: z.string().describe('Who decided (the user behind the token)'),
  roles: z.array(z.enum(ROLES)).describe('The roles the decider held when deciding'),
  comment: z.string().optional(),
  edits: z.record(z.string(), z.string()).optional().describe('For an `edit` task accepted with edits: the changed fields'),
  at: z.string().describe('When the API received the decision'),
});
export type RecordedDecision = z.infer<typeof RecordedDecision>;

/**
 * The payload of the `decide` update and the `decision` signal: a decision with the proof that the
 * API made it, an HMAC-SHA256 (hex) over `decisionProofText` keyed with DECISION_SIGNING_KEY. The
 * workflow verifies it before trusting `by` and `roles`, and does not keep it.
 */
export type DecisionSignal = RecordedDecision & { proof?: string };

/** The text a decision's proof is computed over: every field that matters, in a fixed order. */
export function decisionProofText(workflowId: string, d: DecisionSignal): string {
  const fields: unknown[] = [workflowId, d.taskId, d.decision, d.by, [...d.roles].sort(), d.comment ?? null, d.at];
  // Edits joined later: decisions without them keep the text (and proofs) they always had.
  if (d.edits) fields.push(Object.entries(d.edits).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify(fields);
}

/**
 * An action on a process run that is not a task's decision (resolving an alert, un-suppressing it),
 * with the API's proof like a decision's.
 */
export const ActionRequest = z.object({
  action: z.string(),
  /** The run within its process the action is for (a workflow id may have moved on to a newer run). */
  subject: z.string().optional(),
  by: z.string(),
  roles: z.array(z.enum(ROLES)),
  note: z.string().optional(),
  at: z.string(),
});
export type ActionRequest = z.infer<typeof ActionRequest>;
export type SignedAction = ActionRequest & { proof?: string };

/** Who did an action, when, and how (as a run records it). */
export const SignedActionResult = z.object({ by: z.string(), at: z.string(), note: z.string().optional() });
export type SignedActionResult = z.infer<typeof SignedActionResult>;

/** The text an action's proof is computed over. */
export function actionProofText(workflowId: string, a: SignedAction): string {
  return JSON.stringify(['action', workflowId, a.subject ?? null, a.action, a.by, [...a.roles].sort(), a.note ?? null, a.at]);
}

/** Someone who may not decide a task, and why (separation of duties). */
export const Exclusion = z.object({ user: z.string(), why: z.enum(['submitter', 'earlier_decider']) });
export type Exclusion = z.infer<typeof Exclusion>;

/**
 * Where a task is: pending, closed by a decision, `expired` (nobody decided by its deadline) or
 * `withdrawn` (the process no longer needs it, e.g. the alert resolved before anyone acknowledged).
 */
export const ApprovalTaskStatus = z.enum([
  'pending',
  'approved',
  'rejected',
  'acknowledged',
  'accepted',
  'discarded',
  'changes_requested',
  'expired',
  'withdrawn',
]);
export type ApprovalTaskStatus = z.infer<typeof ApprovalTaskStatus>;

/** Why a decision does not count. */
export const RefusalReason = z.enum([
  'unknown_task',
  'own_submission',
  'second_approval_level',
  'role_not_allowed',
  'not_pending',
  'comment_required',
  'invalid_proof',
  'decision_not_allowed',
]);
export type RefusalReason = z.infer<typeof RefusalReason>;

/** A decision the workflow received but did not act on, and why. */
export const IgnoredDecision = RecordedDecision.extend({ reason: RefusalReason });
export type IgnoredDecision = z.infer<typeof IgnoredDecision>;

/** A task as the workflow sees it; also what the status query shows. */
export const ApprovalRecord = z.object({
  taskId: z.string(),
  step: z.string(),
  kind: HumanTaskKind,
  role: z.enum(ROLES).describe('Who may decide it now (after escalation, the role it passed to)'),
  originalRole: z.enum(ROLES),
  requireComment: z.boolean(),
  status: ApprovalTaskStatus,
  createdAt: z.string(),
  dueAt: z.string().nullable().describe('When it expires; null for a task that waits until it is decided or withdrawn'),
  remindedAt: z.string().optional(),
  escalatedAt: z.string().optional(),
  excluded: z.array(Exclusion).optional().describe('Who may not decide it: the submitter, deciders of earlier levels'),
  actors: TaskActors.optional().describe('Who else may act on it: roles and people its escalation levels paged'),
  assignee: z.string().optional().describe('The one person the task is assigned to (told when it opens and reminded), besides its role'),
  decisions: z.array(Decision).optional().describe('The decisions it takes when fewer than its kind’s'),
  progress: z.number().int().optional().describe('How many entries of its schedule (reminders, pages, escalations) have run'),
  decision: RecordedDecision.optional(),
});
export type ApprovalRecord = z.infer<typeof ApprovalRecord>;

/** An approval task as stored for the inbox. */
export const ApprovalTaskView = z.object({
  id: z.string(),
  process: z.string(),
  workflowId: z.string(),
  subject: z.string(),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  kind: HumanTaskKind,
  decisions: z.array(Decision).describe('The decisions this task takes'),
  requiredRole: z.enum(ROLES),
  actors: TaskActors.describe('Who else may act on it (earlier escalation levels, named people)'),
  requireComment: z.boolean(),
  status: ApprovalTaskStatus,
  dueAt: z.string().nullable().describe('When it expires; null for a task that waits until it is decided or withdrawn'),
  createdAt: z.string(),
  decidedBy: z.string().nullable(),
  decision: Decision.nullable(),
  comment: z.string().nullable(),
  excluded: z.array(Exclusion),
});
export type ApprovalTaskView = z.infer<typeof ApprovalTaskView>;
