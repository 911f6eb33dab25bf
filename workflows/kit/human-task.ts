/**
 * The human-task step every process uses. A task is opened and recorded; the workflow waits for a
 * decision with durable timers: a reminder, then an escalation to the next role, then expiry at
 * the deadline. Waiting costs nothing while no one decides: no worker holds it.
 *
 * A decision counts once: the `decide` update's validator refuses what does not count before it
 * enters history (a second decision, the submitter's own, a second level by the same person, a
 * role that may not decide), and the handler verifies the API's proof before trusting who decided.
 */
import { ApplicationFailure, condition, patched, setHandler } from '@temporalio/workflow';
import { decisionRefusal, refusalMessage, DECIDED_STATUS } from '../../domain/decisions.js';
import type {
  ApprovalRecord,
  DecisionSignal,
  Exclusion,
  HumanTaskPlan,
  IgnoredDecision,
  RecordedDecision,
  RefusalReason,
  TaskActors,
} from '../../domain/approval.js';
import type { EscalationLevel, EscalationPolicy } from '../../domain/escalation.js';
import { approvalSchedule, pagingSchedule, type ApprovalTimers, type ScheduleEntry } from '../../domain/schedule.js';
import { approvalTaskId } from '../../domain/ids.js';
import { decideUpdate, decisionSignal } from '../../domain/messages.js';
import type { Channel } from '../../domain/people.js';
import { escalate, type EscalationLadder, type Role } from '../../domain/roles.js';
import { inboxStep, proofCheckStep } from './profiles.js';

/** Workflow runs that reached this point verify proofs on decision signals too (older runs did not). */
const DECISION_PROOF_PATCH = 'decision-proof';

/** A page the human-task step sent: which level of its policy, which round, to whom. */
export interface SentPage {
  level: number;
  round: number;
  at: string;
  roles: Role[];
  users: string[];
  channels: Channel[];
}

/** What one human task is about, who may act, and what happens while nobody does. */
export interface HumanTaskRequest {
  step: HumanTaskPlan;
  process: string;
  subject: string;
  amount: number | null;
  currency: string | null;
  /** Who takes over when nobody may decide (everyone is excluded), or an approval's `escalate` entry fires. */
  ladder: EscalationLadder;
  /** An approval: remind, escalate up the ladder, expire at the deadline. */
  timers?: ApprovalTimers;
  /** Paging: each level of the policy pages its roles and people on its channels, in rounds; no expiry. */
  policy?: EscalationPolicy;
  /** Roles that may act besides those paged (a monitor acknowledging its own alert). */
  alsoRoles?: Role[];
  /** The one person the task is assigned to (a lead's owner): told, reminded, and allowed to act besides the role. */
  assignee?: string;
  /**
   * Whoever decided an earlier task of the run may decide this one too (an editor reviewing the
   * next version of a piece). By default each task needs someone who has not decided one before
   * (an invoice's second approval level is another person).
   */
  sameDeciders?: boolean;
  /** Stop waiting when this turns true; the task is returned still pending (the workflow withdraws it or carries it on). */
  until?: () => boolean;
  /** Called after each page, for the workflow's record of who was paged. */
  onPage?: (page: SentPage) => void;
}

/** The part of a workflow's state the human-task step reads and writes. */
export interface HumanTaskState {
  tasks: ApprovalRecord[];
  ignoredDecisions: IgnoredDecision[];
}

function withoutProof(d: DecisionSignal): RecordedDecision {
  const { proof: _proof, ...recorded } = d;
  return recorded;
}

function refusal(reason: RefusalReason, record: ApprovalRecord | undefined): ApplicationFailure {
  return ApplicationFailure.create({ type: reason, message: refusalMessage(reason, record), nonRetryable: true });
}

/**
 * The human tasks of one workflow. Install once, before the first task: the update and signal
 * handlers record every decision, and act only on a valid first decision for a pending task.
 */
export class HumanTaskDesk {
  constructor(
    private readonly run: HumanTaskState,
    private readonly workflowId: string,
    /** Who started the process: never a decider of its tasks (null: the process has no submitter to keep out). */
    private readonly submittedBy: string | null,
    /** Called when a task opens, passes to another role, or closes, so the workflow can show it. */
    private readonly onChange: () => void,
  ) {
    setHandler(decideUpdate, (d) => this.decide(d), { validator: (d: DecisionSignal) => this.validate(d) });
    setHandler(decisionSignal, (d) => {
      if (!patched(DECISION_PROOF_PATCH)) {
        this.apply(d);
        return;
      }
      // A signal gets no answer: a refused one is recorded and changes nothing.
      return this.decide(d).then(
        () => undefined,
        () => undefined,
      );
    });
  }

  private find(taskId: string): ApprovalRecord | undefined {
    return this.run.tasks.find((a) => a.taskId === taskId);
  }

  /** Refuse at once, before anything is recorded, what cannot count whatever its proof. */
  private validate(d: DecisionSignal): void {
    const record = this.find(d.taskId);
    const reason = decisionRefusal(record, d);
    if (reason) throw refusal(reason, record);
  }

  /** Verify the proof, check again (the task may have moved on meanwhile), then record. */
  private async decide(d: DecisionSignal): Promise<ApprovalRecord> {
    const proven = await proofCheckStep.verifyDecisionProof({ workflowId: this.workflowId, decision: d });
    const reason = this.settle(d, proven);
    const record = this.find(d.taskId);
    if (reason || !record) throw refusal(reason ?? 'unknown_task', record);
    return { ...record };
  }

  /** Runs recorded before decisions carried proofs: the same checks, without the proof. */
  private apply(d: DecisionSignal): void {
    this.settle(d, true);
  }

  /**
   * Record a decision: as its task's decision when it counts, else with the reason it does not.
   * Returns that reason (undefined when it counted).
   */
  private settle(d: DecisionSignal, proven: boolean): RefusalReason | undefined {
    const record = this.find(d.taskId);
    const reason = proven ? decisionRefusal(record, d) : 'invalid_proof';
    if (reason || !record) {
      this.run.ignoredDecisions.push({ ...withoutProof(d), reason: reason ?? 'unknown_task' });
      return reason ?? 'unknown_task';
    }
    record.decision = withoutProof(d);
    record.status = DECIDED_STATUS[d.decision];
    return undefined;
  }

  /** The submitter and everyone who decided an earlier level of this process. */
  private exclusions(sameDeciders = false): Exclusion[] {
    const excluded: Exclusion[] = this.submittedBy === null ? [] : [{ user: this.submittedBy, why: 'submitter' }];
    if (sameDeciders) return excluded;
    for (const a of this.run.tasks) {
      const by = a.decision?.by;
      if (by && !excluded.some((e) => e.user === by)) excluded.push({ user: by, why: 'earlier_decider' });
    }
    return excluded;
  }

  /**
   * Open a task (or take up `carried`, a pending task of the run this one continues) and work
   * through its schedule until it is decided, expires, or `until` says stop.
   */
  async request(req: HumanTaskRequest, carried?: ApprovalRecord): Promise<ApprovalRecord> {
    const first = req.policy?.levels[0];
    const record: ApprovalRecord = carried ?? this.newRecord(req, first);
    const opened = Date.parse(record.createdAt);
    const schedule: ScheduleEntry[] = req.policy ? pagingSchedule(req.policy) : req.timers ? approvalSchedule(req.timers) : [];
    const task = () => ({
      record: { ...record },
      process: req.process,
      workflowId: this.workflowId,
      subject: req.subject,
      amount: req.amount,
      currency: req.currency,
    });
    const pageOf = (level: EscalationLevel, index: number, round: number) => ({
      level: index,
      round,
      roles: level.roles,
      people: level.people,
      channels: level.channels,
    });
    const paged = (page: ReturnType<typeof pageOf>, users: string[] | undefined) =>
      req.onPage?.({ level: page.level, round: page.round, at: new Date().toISOString(), roles: page.roles, users: users ?? [], channels: page.channels });

    if (!carried) {
      this.run.tasks.push(record);
      this.onChange();
      const firstPage = first && pageOf(first, 0, 0);
      let staffing = await inboxStep.openApprovalTask({ ...task(), ...(firstPage && { page: firstPage }) });
      if (firstPage) paged(firstPage, staffing?.paged);

      // Nobody but excluded people may act: hand the task up the chain until someone may.
      // (Runs recorded before this answered with nothing, and go on as they did.)
      while (staffing && staffing.eligible === 0 && escalate(req.ladder, record.role) !== record.role) {
        const from = record.role;
        record.role = escalate(req.ladder, from);
        record.escalatedAt = new Date().toISOString();
        this.onChange();
        staffing = await inboxStep.escalateApprovalTask({ ...task(), from, to: record.role, why: 'no_other_decider' });
      }
    }

    const settled = () => record.status !== 'pending' || (req.until?.() ?? false);
    for (;;) {
      const entry = schedule[record.progress ?? 0];
      if (!entry) {
        await condition(settled);
        break;
      }
      if (await condition(settled, Math.max(opened + entry.atMs - Date.now(), 1))) break;
      record.progress = (record.progress ?? 0) + 1;
      if (entry.action === 'remind') {
        record.remindedAt = new Date().toISOString();
        await inboxStep.remindApprover(task());
      } else if (entry.action === 'escalate') {
        const from = record.role;
        record.role = escalate(req.ladder, from);
        record.escalatedAt = new Date().toISOString();
        this.onChange();
        await inboxStep.escalateApprovalTask({ ...task(), from, to: record.role, why: 'timeout' });
      } else if (entry.action === 'page') {
        const level = req.policy?.levels[entry.level];
        if (!level) continue;
        record.role = level.roles[0] ?? record.role;
        record.actors = withActors(record.actors, level.roles, level.people);
        record.escalatedAt = new Date().toISOString();
        this.onChange();
        const page = pageOf(level, entry.level, entry.round);
        const result = await inboxStep.pageTask({ ...task(), page });
        paged(page, result.paged);
      } else {
        record.status = 'expired';
        await inboxStep.closeApprovalTask({ taskId: record.taskId, expiredAt: new Date().toISOString() });
        this.onChange();
        return record;
      }
    }
    // Still pending: `until` stopped the wait; the workflow withdraws the task or carries it on.
    if (record.status === 'pending') return record;
    await inboxStep.closeApprovalTask({ taskId: record.taskId, decision: record.decision });
    this.onChange();
    return record;
  }

  /** Close a pending task nobody needs any more (the alert resolved before anyone acknowledged it). */
  async withdraw(record: ApprovalRecord): Promise<void> {
    if (record.status !== 'pending') return;
    record.status = 'withdrawn';
    await inboxStep.closeApprovalTask({ taskId: record.taskId, withdrawnAt: new Date().toISOString() });
    this.onChange();
  }

  private newRecord(req: HumanTaskRequest, first: EscalationLevel | undefined): ApprovalRecord {
    const opened = Date.now();
    const role = first ? (first.roles[0] ?? 'admin') : req.step.role;
    return {
      taskId: approvalTaskId(this.workflowId, req.step.key),
      step: req.step.key,
      kind: req.step.kind,
      role,
      originalRole: role,
      requireComment: req.step.requireComment,
      status: 'pending',
      createdAt: new Date(opened).toISOString(),
      // A paged task waits until someone acts; an approval expires at its deadline.
      dueAt: req.timers && !req.policy ? new Date(opened + req.timers.deadlineMs).toISOString() : null,
      excluded: this.exclusions(req.sameDeciders),
      ...((first || req.alsoRoles || req.assignee) && {
        actors: withActors(undefined, [...(first?.roles ?? []), ...(req.alsoRoles ?? [])], [...(first?.people ?? []), ...(req.assignee ? [req.assignee] : [])]),
      }),
      ...(req.assignee && { assignee: req.assignee }),
      ...(req.step.decisions && { decisions: req.step.decisions }),
    };
  }
}

/** Actors with more roles and people (each once). */
function withActors(actors: TaskActors | undefined, roles: readonly Role[], users: readonly string[]): TaskActors {
  return {
    roles: [...new Set([...(actors?.roles ?? []), ...roles])],
    users: [...new Set([...(actors?.users ?? []), ...users])],
  };
}
