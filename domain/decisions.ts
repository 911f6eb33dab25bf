/**
 * The rules of deciding a human task, one for the API (which answers with them) and the workflow
 * (which has the last word): which decisions a kind of task takes, who may act, why a decision is
 * refused, and the status it closes the task with. Pure and schema-free, for workflow code (the
 * schemas of tasks and decisions are in `approval.ts`).
 */
import type { ApprovalTaskStatus, Decision, DecisionSignal, Exclusion, HumanTaskKind, RefusalReason, TaskActors } from './approval.js';
import { mayDecide, type Role } from './roles.js';

/** The decisions each kind of task takes. */
export const DECISIONS: Readonly<Record<HumanTaskKind, readonly Decision[]>> = {
  approval: ['approve', 'reject'],
  review: ['approve', 'reject'],
  acknowledge: ['acknowledge'],
  edit: ['accept', 'discard'],
  content_review: ['approve', 'request_changes', 'reject'],
};

/** The status a decision closes its task with. */
export const DECIDED_STATUS: Readonly<Record<Decision, ApprovalTaskStatus>> = {
  approve: 'approved',
  reject: 'rejected',
  acknowledge: 'acknowledged',
  accept: 'accepted',
  discard: 'discarded',
  request_changes: 'changes_requested',
};

/** What deciding a task checks, as the workflow and the inbox both know it. */
export interface DecidableTask {
  status: ApprovalTaskStatus;
  role: Role;
  /** Absent on tasks recorded before kinds other than approval and review existed. */
  kind?: HumanTaskKind | undefined;
  requireComment: boolean;
  excluded?: readonly Exclusion[] | undefined;
  actors?: TaskActors | undefined;
  /** The decisions it takes when fewer than its kind's. */
  decisions?: readonly Decision[] | undefined;
}

/** True when someone may act on `task` by its role, an earlier level's role, or by name. */
export function mayAct(task: Pick<DecidableTask, 'role' | 'actors'>, d: Pick<DecisionSignal, 'by' | 'roles'>): boolean {
  return mayDecide(d.roles, task.role) || (task.actors?.roles.some((r) => d.roles.includes(r)) ?? false) || (task.actors?.users.includes(d.by) ?? false);
}

/**
 * Why `d` may not decide `task`, or undefined when it may. One rule for the API (which answers
 * with it) and the workflow (which has the last word): who first, then the task's state.
 */
export function decisionRefusal(task: DecidableTask | undefined, d: Pick<DecisionSignal, 'by' | 'roles' | 'decision' | 'comment'>): RefusalReason | undefined {
  if (!task) return 'unknown_task';
  const excluded = task.excluded?.find((e) => e.user === d.by);
  if (excluded) return excluded.why === 'submitter' ? 'own_submission' : 'second_approval_level';
  if (!mayAct(task, d)) return 'role_not_allowed';
  if (task.status !== 'pending') return 'not_pending';
  if (!(task.decisions ?? DECISIONS[task.kind ?? 'approval']).includes(d.decision)) return 'decision_not_allowed';
  const needsComment = (d.decision === 'approve' && task.requireComment) || d.decision === 'request_changes';
  if (needsComment && !d.comment?.trim()) return 'comment_required';
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
      return 'This decision needs a comment saying why (approving a review, requesting changes).';
    case 'invalid_proof':
      return 'The decision carries no valid proof that the API made it.';
    case 'decision_not_allowed':
      return 'This kind of task does not take that decision.';
  }
}
