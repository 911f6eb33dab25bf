/** Opening, reminding, escalating and closing people's tasks, and checking decisions' proofs. */
import { log } from '@temporalio/activity';
import { mayAct, type ApprovalRecord, type DecisionSignal, type RecordedDecision, type SignedAction } from '../../domain/approval.js';
import { inboxTaskPath, sideEffectKey } from '../../domain/ids.js';
import { formatMoney } from '../../domain/money.js';
import type { Channel } from '../../domain/people.js';
import type { Role } from '../../domain/roles.js';
import { addTaskActors, closeApprovalTask, openApprovalTask, reassignApprovalTask } from '../../db/approvals.js';
import { enqueueNotification } from '../../db/notifications.js';
import { allPeople } from '../../db/people.js';
import type { ActivityDeps } from '../deps.js';
import { signTaskLink } from './links.js';
import { hasValidActionProof, hasValidProof } from './proof.js';

/** A task the human-task step opens, as the activities need it. */
export interface ApprovalTaskInput {
  record: ApprovalRecord;
  process: string;
  workflowId: string;
  subject: string;
  amount: number | null;
  currency: string | null;
}

/** One level of an escalation policy paging its people. */
export interface TaskPage {
  level: number;
  round: number;
  roles: Role[];
  people: string[];
  channels: Channel[];
}

/** How many people may decide a task now (who may act, less who is excluded), and who was paged. */
export interface Staffing {
  eligible: number;
  paged?: string[];
}

/** What a task's messages call it, by kind. */
const ASKED: Record<ApprovalRecord['kind'], string> = {
  approval: 'Approval needed',
  review: 'Review needed',
  acknowledge: 'Acknowledge',
  edit: 'To edit and send',
  content_review: 'Review needed',
};

/** Who a task's messages go to: its assignee, else everyone holding its role. */
const taskRecipient = (record: ApprovalRecord) => record.assignee ?? `role:${record.role}`;

/** What a task is about, in a line: with its amount when it has one. */
const about = (input: ApprovalTaskInput) => (input.amount === null ? input.subject : `${input.subject} (${formatMoney(input.amount, input.currency)})`);

/** Who a task waits for, in words. */
const waitsFor = (record: ApprovalRecord) => (record.assignee ? record.assignee : `a ${record.role} decision`);

/** The human-task activities. */
export function humanTaskActivities(deps: ActivityDeps) {
  const { db } = deps;
  // Who may decide, from the people directory: separation of duties needs to know whether anyone
  // but the excluded holds the role.
  const staffing = async (record: ApprovalRecord, role: Role): Promise<Staffing> => ({
    eligible: (await allPeople(db)).filter(
      (p) =>
        !p.roles.includes('integration') && mayAct({ ...record, role }, { by: p.user, roles: p.roles }) && !record.excluded?.some((e) => e.user === p.user),
    ).length,
  });

  /**
   * Page a level: each person holding its roles, and each person it names, gets one message on the
   * level's channels with their own acknowledge link. Keyed by task, level, round and person.
   */
  const page = async (input: ApprovalTaskInput, level: TaskPage): Promise<string[]> => {
    const people = (await allPeople(db)).filter((p) => level.people.includes(p.user) || p.roles.some((r) => level.roles.includes(r)));
    const expiresAt = Date.now() + deps.links.ttlMs;
    const again = level.round > 0 ? ` (round ${level.round + 1})` : '';
    for (const person of people) {
      const token = signTaskLink(deps.decisionSigningKey, { workflowId: input.workflowId, taskId: input.record.taskId, user: person.user, expiresAt });
      await enqueueNotification(db, {
        key: sideEffectKey(input.record.taskId, `page-${level.round}-${level.level}-${person.user}`),
        workflowId: input.workflowId,
        channel: 'page',
        recipient: person.user,
        channels: level.channels,
        subject: `${input.subject}${again}`,
        body: `${input.subject}. Acknowledge: ${deps.links.baseUrl}/ack/${token} (or in the inbox: ${deps.links.baseUrl}${inboxTaskPath(input.record.taskId)}). Level ${level.level + 1} of the escalation policy.`,
      });
    }
    return people.map((p) => p.user);
  };

  return {
    /**
     * Open a task for the inbox and tell who may act (a page, when the task is paged); says how many
     * people may act on it and who was paged.
     */
    async openApprovalTask(input: ApprovalTaskInput & { page?: TaskPage }): Promise<Staffing> {
      const { record } = input;
      await openApprovalTask(db, {
        id: record.taskId,
        process: input.process,
        workflowId: input.workflowId,
        kind: record.kind,
        actors: record.actors,
        subject: input.subject,
        amount: input.amount,
        currency: input.currency,
        requiredRole: record.role,
        requireComment: record.requireComment,
        dueAt: record.dueAt,
        createdAt: record.createdAt,
        excluded: record.excluded ?? [],
        ...(record.decisions && { decisions: record.decisions }),
      });
      if (input.page) return { ...(await staffing(record, record.role)), paged: await page(input, input.page) };
      await enqueueNotification(db, {
        key: sideEffectKey(record.taskId, 'opened'),
        workflowId: input.workflowId,
        channel: 'inbox',
        recipient: taskRecipient(record),
        subject: `${ASKED[record.kind]}: ${input.subject}`,
        body: `${about(input)} waits for ${waitsFor(record)}${record.dueAt ? ` by ${record.dueAt}` : ''}. Open: ${deps.links.baseUrl}${inboxTaskPath(record.taskId)}`,
      });
      return await staffing(record, record.role);
    },
    /** Remind the task's role that a decision is still open. */
    async remindApprover(input: ApprovalTaskInput): Promise<void> {
      await enqueueNotification(db, {
        key: sideEffectKey(input.record.taskId, 'reminder'),
        workflowId: input.workflowId,
        channel: 'inbox',
        recipient: taskRecipient(input.record),
        subject: `Reminder: ${input.subject}`,
        body: `${input.subject} still waits for ${waitsFor(input.record)}; it expires at ${input.record.dueAt}. Open: ${deps.links.baseUrl}${inboxTaskPath(input.record.taskId)}`,
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
        body: `${because}; it is now yours to decide by ${input.record.dueAt}. Open: ${deps.links.baseUrl}${inboxTaskPath(input.record.taskId)}`,
      });
      return await staffing(input.record, input.to);
    },
    /** Page the next level of a task's policy (or the first again, in a new round); says who was paged. */
    async pageTask(input: ApprovalTaskInput & { page: TaskPage }): Promise<Staffing> {
      await addTaskActors(db, input.record.taskId, { roles: input.page.roles, users: input.page.people });
      await reassignApprovalTask(db, input.record.taskId, input.record.role);
      return { ...(await staffing(input.record, input.record.role)), paged: await page(input, input.page) };
    },
    /** Whether an action (resolve, un-suppress) carries the API's proof. */
    async verifyActionProof(input: { workflowId: string; action: SignedAction }): Promise<boolean> {
      const valid = hasValidActionProof(deps.decisionSigningKey, input.workflowId, input.action);
      if (!valid) log.warn('an action without a valid proof was refused', { workflowId: input.workflowId, action: input.action.action, by: input.action.by });
      return valid;
    },
    /** Whether a decision carries the API's proof (the signing key never enters a workflow). */
    async verifyDecisionProof(input: { workflowId: string; decision: DecisionSignal }): Promise<boolean> {
      const valid = hasValidProof(deps.decisionSigningKey, input.workflowId, input.decision);
      if (!valid)
        log.warn('a decision without a valid proof was refused', { workflowId: input.workflowId, taskId: input.decision.taskId, by: input.decision.by });
      return valid;
    },
    /** Close the task with its decision, as expired, or as withdrawn (the process no longer needs it). */
    async closeApprovalTask(input: { taskId: string; decision?: RecordedDecision; expiredAt?: string; withdrawnAt?: string }): Promise<void> {
      if (input.decision) {
        const d = input.decision;
        await closeApprovalTask(db, input.taskId, { decision: d.decision, by: d.by, comment: d.comment ?? null, at: d.at });
      } else if (input.withdrawnAt) {
        await closeApprovalTask(db, input.taskId, { status: 'withdrawn', at: input.withdrawnAt });
      } else {
        await closeApprovalTask(db, input.taskId, { status: 'expired', at: input.expiredAt ?? new Date().toISOString() });
      }
    },
  };
}
