/** Opening, reminding, escalating and closing people's tasks, and checking decisions' proofs. */
import { log } from '@temporalio/activity';
import type { ApprovalRecord, DecisionSignal, RecordedDecision } from '../../domain/approval.js';
import { sideEffectKey } from '../../domain/ids.js';
import { formatMoney } from '../../domain/money.js';
import { mayDecide, type Role } from '../../domain/roles.js';
import { closeApprovalTask, openApprovalTask, reassignApprovalTask } from '../../db/approvals.js';
import { enqueueNotification } from '../../db/notifications.js';
import { allPeople } from '../../db/people.js';
import type { ActivityDeps } from '../deps.js';
import { hasValidProof } from './proof.js';

/** A task the human-task step opens, as the activities need it. */
export interface ApprovalTaskInput {
  record: ApprovalRecord;
  process: string;
  workflowId: string;
  subject: string;
  amount: number | null;
  currency: string | null;
}

/** How many people may decide a task now: who holds its role (or admin), less who is excluded. */
export interface Staffing {
  eligible: number;
}

/** The human-task activities. */
export function humanTaskActivities(deps: ActivityDeps) {
  const { db } = deps;
  // Who may decide, from the people directory: separation of duties needs to know whether anyone
  // but the excluded holds the role.
  const staffing = async (record: ApprovalRecord, role: Role): Promise<Staffing> => ({
    eligible: (await allPeople(db)).filter((p) => mayDecide(p.roles, role) && !record.excluded?.some((e) => e.user === p.user)).length,
  });
  return {
    /** Open an approval task for the inbox and tell its role; says how many people may decide it. */
    async openApprovalTask(input: ApprovalTaskInput): Promise<Staffing> {
      const { record } = input;
      await openApprovalTask(db, {
        id: record.taskId,
        process: input.process,
        workflowId: input.workflowId,
        subject: input.subject,
        amount: input.amount,
        currency: input.currency,
        requiredRole: record.role,
        requireComment: record.requireComment,
        dueAt: record.dueAt,
        createdAt: record.createdAt,
        excluded: record.excluded ?? [],
      });
      await enqueueNotification(db, {
        key: sideEffectKey(record.taskId, 'opened'),
        workflowId: input.workflowId,
        channel: 'inbox',
        recipient: `role:${record.role}`,
        subject: `Approval needed: ${input.subject}`,
        body: `${input.subject} (${formatMoney(input.amount, input.currency)}) waits for a ${record.role} decision by ${record.dueAt}.`,
      });
      return await staffing(record, record.role);
    },
    /** Remind the task's role that a decision is still open. */
    async remindApprover(input: ApprovalTaskInput): Promise<void> {
      await enqueueNotification(db, {
        key: sideEffectKey(input.record.taskId, 'reminder'),
        workflowId: input.workflowId,
        channel: 'inbox',
        recipient: `role:${input.record.role}`,
        subject: `Reminder: ${input.subject}`,
        body: `${input.subject} still waits for a ${input.record.role} decision; it expires at ${input.record.dueAt}.`,
      });
    },
    /**
     * Hand the task to the next role and tell it: because nobody decided in time, or because nobody
     * but excluded people holds the role. Says how many people may decide it now.
     */
    async escalateApprovalTask(input: ApprovalTaskInput & { from: Role; to: Role; why?: 'timeout' | 'no_other_decider' }): Promise<Staffing> {
      await reassignApprovalTask(db, input.record.taskId, input.to);
      const because =
        input.why === 'no_other_decider'
          ? `Nobody who may decide ${input.subject} holds the ${input.from} role (the submitter and earlier approvers may not)`
          : `No ${input.from} decided ${input.subject} in time`;
      await enqueueNotification(db, {
        key: sideEffectKey(input.record.taskId, `escalated-to-${input.to}`),
        workflowId: input.workflowId,
        channel: 'inbox',
        recipient: `role:${input.to}`,
        subject: `Escalated: ${input.subject}`,
        body: `${because}; it is now yours to decide by ${input.record.dueAt}.`,
      });
      return await staffing(input.record, input.to);
    },
    /** Whether a decision carries the API's proof (the signing key never enters a workflow). */
    async verifyDecisionProof(input: { workflowId: string; decision: DecisionSignal }): Promise<boolean> {
      const valid = hasValidProof(deps.decisionSigningKey, input.workflowId, input.decision);
      if (!valid)
        log.warn('a decision without a valid proof was refused', { workflowId: input.workflowId, taskId: input.decision.taskId, by: input.decision.by });
      return valid;
    },
    /** Close the task with its decision, or as expired. */
    async closeApprovalTask(input: { taskId: string; decision?: RecordedDecision; expiredAt?: string }): Promise<void> {
      if (input.decision) {
        const d = input.decision;
        await closeApprovalTask(db, input.taskId, {
          status: d.decision === 'approve' ? 'approved' : 'rejected',
          decision: d.decision,
          by: d.by,
          comment: d.comment ?? null,
          at: d.at,
        });
      } else {
        await closeApprovalTask(db, input.taskId, { status: 'expired', at: input.expiredAt ?? new Date().toISOString() });
      }
    },
  };
}
