import { z } from 'zod';
import { mayDecide, ROLES, type Role } from './roles.js';

/** The kinds of human work a process can ask for. */
export const HumanTaskKind = z.enum(['review', 'approval']);
export type HumanTaskKind = z.infer<typeof HumanTaskKind>;

/** A task a process asks people to do: which step, who may act, and whether a comment is needed. */
export const HumanTaskPlan = z.object({
  key: z.string(),
  role: z.enum(ROLES),
  kind: HumanTaskKind,
  requireComment: z.boolean(),
  reason: z.string(),
});
export type HumanTaskPlan = z.infer<typeof HumanTaskPlan>;

/** A person's decision on an approval task, as the API sends it to the workflow. */
export const Decision = z.enum(['approve', 'reject']);
export type Decision = z.infer<typeof Decision>;

/** A decision as the workflow records it. */
export const RecordedDecision = z.object({
  taskId: z.string(),
  decision: Decision,
  by: z.string().describe('Who decided (the user behind the token)'),
  roles: z.array(z.enum(ROLES)).describe('The roles the decider held when deciding'),
  comment: z.string().optional(),
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
  return JSON.stringify([workflowId, d.taskId, d.decision, d.by, [...d.roles].sort(), d.comment ?? null, d.at]);
}

/** Someone who may not decide a task, and why (separation of duties). */
export const Exclusion = z.object({ user: z.string(), why: z.enum(['submitter', 'earlier_decider']) });
export type Exclusion = z.infer<typeof Exclusion>;

/** Where an approval task is. */
export const ApprovalTaskStatus = z.enum(['pending', 'approved', 'rejected', 'expired']);
export type ApprovalTaskStatus = z.infer<typeof ApprovalTaskStatus>;

/** Timers of the approval step, in milliseconds from the moment a task is opened. */
export interface ApprovalTimers {
  reminderAfterMs: number;
  escalateAfterMs: number;
  deadlineMs: number;
}

/** Why a decision does not count. */
export const RefusalReason = z.enum([
  'unknown_task',
  'own_submission',
  'second_approval_level',
  'role_not_allowed',
  'not_pending',
  'comment_required',
  'invalid_proof',
]);
export type RefusalReason = z.infer<typeof RefusalReason>;

/** A decision the workflow received but did not act on, and why. */
export const IgnoredDecision = RecordedDecision.extend({ reason: RefusalReason });
export type IgnoredDecision = z.infer<typeof IgnoredDecision>;

/** What deciding a task checks, as the workflow and the inbox both know it. */
export interface DecidableTask {
  status: ApprovalTaskStatus;
  role: Role;
  requireComment: boolean;
  excluded?: readonly Exclusion[] | undefined;
}

/**
 * Why `d` may not decide `task`, or undefined when it may. One rule for the API (which answers
 * with it) and the workflow (which has the last word): who first, then the task's state.
 */
export function decisionRefusal(task: DecidableTask | undefined, d: Pick<DecisionSignal, 'by' | 'roles' | 'decision' | 'comment'>): RefusalReason | undefined {
  if (!task) return 'unknown_task';
  const excluded = task.excluded?.find((e) => e.user === d.by);
  if (excluded) return excluded.why === 'submitter' ? 'own_submission' : 'second_approval_level';
  if (!mayDecide(d.roles, task.role)) return 'role_not_allowed';
  if (task.status !== 'pending') return 'not_pending';
  if (d.decision === 'approve' && task.requireComment && !d.comment?.trim()) return 'comment_required';
  return undefined;
}

/** A sentence for people saying why a decision was refused. */
export function refusalMessage(reason: RefusalReason, task: Pick<DecidableTask, 'role' | 'status'> | undefined): string {
  switch (reason) {
    case 'unknown_task':
      return 'There is no such task in this process.';
    case 'own_submission':
      return 'You submitted this; someone else must decide it (separation of duties).';
    case 'second_approval_level':
      return 'You already decided an earlier approval level of this; another person must decide this one.';
    case 'role_not_allowed':
      return `This task needs a ${task?.role ?? 'different'} decision.`;
    case 'not_pending':
      return `This task is already ${task?.status ?? 'closed'}; a task takes one decision.`;
    case 'comment_required':
      return 'Approving this review needs a comment saying why.';
    case 'invalid_proof':
      return 'The decision carries no valid proof that the API made it.';
  }
}

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
  dueAt: z.string(),
  remindedAt: z.string().optional(),
  escalatedAt: z.string().optional(),
  excluded: z.array(Exclusion).optional().describe('Who may not decide it: the submitter, deciders of earlier levels'),
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
  requiredRole: z.enum(ROLES),
  requireComment: z.boolean(),
  status: ApprovalTaskStatus,
  dueAt: z.string(),
  createdAt: z.string(),
  decidedBy: z.string().nullable(),
  decision: Decision.nullable(),
  comment: z.string().nullable(),
  excluded: z.array(Exclusion),
});
export type ApprovalTaskView = z.infer<typeof ApprovalTaskView>;
