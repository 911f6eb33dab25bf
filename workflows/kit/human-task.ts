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
import {
  decisionRefusal,
  refusalMessage,
  type ApprovalRecord,
  type ApprovalTimers,
  type DecisionSignal,
  type Exclusion,
  type HumanTaskPlan,
  type IgnoredDecision,
  type RecordedDecision,
  type RefusalReason,
} from '../../domain/approval.js';
import { approvalTaskId } from '../../domain/ids.js';
import { decideUpdate, decisionSignal } from '../../domain/messages.js';
import { escalate, type EscalationLadder } from '../../domain/roles.js';
import { inboxStep, proofCheckStep } from './profiles.js';

/** Workflow runs that reached this point verify proofs on decision signals too (older runs did not). */
const DECISION_PROOF_PATCH = 'decision-proof';

/** What one human task is about. */
export interface HumanTaskRequest {
  step: HumanTaskPlan;
  process: string;
  subject: string;
  amount: number | null;
  currency: string | null;
  timers: ApprovalTimers;
  /** Who takes over when nobody decides in time, or nobody else may: the process's ladder. */
  ladder: EscalationLadder;
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
    /** Who started the process: never a decider of its tasks. */
    private readonly submittedBy: string,
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
    record.status = d.decision === 'approve' ? 'approved' : 'rejected';
    return undefined;
  }

  /** The submitter and everyone who decided an earlier level of this process. */
  private exclusions(): Exclusion[] {
    const excluded: Exclusion[] = [{ user: this.submittedBy, why: 'submitter' }];
    for (const a of this.run.tasks) {
      const by = a.decision?.by;
      if (by && !excluded.some((e) => e.user === by)) excluded.push({ user: by, why: 'earlier_decider' });
    }
    return excluded;
  }

  /** Open a task and wait until it is decided or expires. */
  async request(req: HumanTaskRequest): Promise<ApprovalRecord> {
    const opened = Date.now();
    const remindAt = opened + req.timers.reminderAfterMs;
    const escalateAt = opened + req.timers.escalateAfterMs;
    const deadline = opened + req.timers.deadlineMs;
    const record: ApprovalRecord = {
      taskId: approvalTaskId(this.workflowId, req.step.key),
      step: req.step.key,
      kind: req.step.kind,
      role: req.step.role,
      originalRole: req.step.role,
      requireComment: req.step.requireComment,
      status: 'pending',
      createdAt: new Date(opened).toISOString(),
      dueAt: new Date(deadline).toISOString(),
      excluded: this.exclusions(),
    };
    this.run.tasks.push(record);
    this.onChange();
    const task = () => ({
      record: { ...record },
      process: req.process,
      workflowId: this.workflowId,
      subject: req.subject,
      amount: req.amount,
      currency: req.currency,
    });
    let staffing = await inboxStep.openApprovalTask(task());

    // Nobody but excluded people holds the role: hand the task up the chain until someone may decide.
    // (Runs recorded before this answered with nothing, and go on as they did.)
    while (staffing && staffing.eligible === 0 && escalate(req.ladder, record.role) !== record.role) {
      const from = record.role;
      record.role = escalate(req.ladder, from);
      record.escalatedAt = new Date().toISOString();
      this.onChange();
      staffing = await inboxStep.escalateApprovalTask({ ...task(), from, to: record.role, why: 'no_other_decider' });
    }

    for (;;) {
      const now = Date.now();
      const next = !record.remindedAt ? remindAt : !record.escalatedAt ? escalateAt : deadline;
      if (await condition(() => record.status !== 'pending', Math.max(next - now, 1))) break;
      if (!record.remindedAt) {
        record.remindedAt = new Date().toISOString();
        await inboxStep.remindApprover(task());
      } else if (!record.escalatedAt) {
        const from = record.role;
        record.role = escalate(req.ladder, from);
        record.escalatedAt = new Date().toISOString();
        this.onChange();
        await inboxStep.escalateApprovalTask({ ...task(), from, to: record.role, why: 'timeout' });
      } else {
        record.status = 'expired';
        await inboxStep.closeApprovalTask({ taskId: record.taskId, expiredAt: new Date().toISOString() });
        this.onChange();
        return record;
      }
    }
    await inboxStep.closeApprovalTask({ taskId: record.taskId, decision: record.decision });
    this.onChange();
    return record;
  }
}
