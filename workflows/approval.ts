/**
 * The reusable human-approval step. A task is opened and recorded; the workflow waits for a
 * `decision` signal with durable timers: a reminder, then an escalation to the next role, then
 * expiry at the deadline. Waiting costs nothing while no one decides: no worker holds it.
 */
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { ApprovalRecord, ApprovalTimers, DecisionSignal, IgnoredDecision } from '../domain/approval.js';
import { approvalTaskId } from '../domain/ids.js';
import type { ApprovalStepPlan } from '../domain/invoice.js';
import { decisionSignal } from '../domain/messages.js';
import { ESCALATION_CHAIN, mayDecide } from '../domain/roles.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});

/** What one approval step is about. */
export interface ApprovalRequest {
  step: ApprovalStepPlan;
  process: string;
  subject: string;
  amount: number | null;
  currency: string | null;
  timers: ApprovalTimers;
}

/** The part of a workflow's state the approval step reads and writes. */
export interface ApprovalLedger {
  approvals: ApprovalRecord[];
  ignoredDecisions: IgnoredDecision[];
}


function whyIgnored(record: ApprovalRecord | undefined, d: DecisionSignal): IgnoredDecision['reason'] | undefined {
  if (!record) return 'unknown_task';
  if (record.status !== 'pending') return 'not_pending';
  if (!mayDecide(d.roles, record.role)) return 'role_not_allowed';
  if (d.decision === 'approve' && record.requireComment && !d.comment?.trim()) return 'comment_required';
  return undefined;
}

/**
 * Approval steps of one workflow. Install once, before the first step: the signal handler
 * records every decision, and acts only on a valid first decision for a pending task.
 */
export class ApprovalDesk {
  constructor(
    private readonly ledger: ApprovalLedger,
    private readonly workflowId: string,
    /** Called when a task opens, passes to another role, or closes, so the workflow can show it. */
    private readonly onChange: () => void,
  ) {
    setHandler(decisionSignal, (d) => this.receive(d));
  }

  private receive(d: DecisionSignal): void {
    const record = this.ledger.approvals.find((a) => a.taskId === d.taskId);
    const reason = whyIgnored(record, d);
    if (reason || !record) {
      this.ledger.ignoredDecisions.push({ ...d, reason: reason ?? 'unknown_task' });
      return;
    }
    record.decision = d;
    record.status = d.decision === 'approve' ? 'approved' : 'rejected';
  }

  /** Open a task and wait until it is decided or expires. */
  async request(req: ApprovalRequest): Promise<ApprovalRecord> {
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
    };
    this.ledger.approvals.push(record);
    this.onChange();
    const task = () => ({ record: { ...record }, process: req.process, workflowId: this.workflowId, subject: req.subject, amount: req.amount, currency: req.currency });
    await acts.openApprovalTask(task());

    for (;;) {
      const now = Date.now();
      const next = !record.remindedAt ? remindAt : !record.escalatedAt ? escalateAt : deadline;
      if (await condition(() => record.status !== 'pending', Math.max(next - now, 1))) break;
      if (!record.remindedAt) {
        record.remindedAt = new Date().toISOString();
        await acts.remindApprover(task());
      } else if (!record.escalatedAt) {
        const from = record.role;
        record.role = ESCALATION_CHAIN[from];
        record.escalatedAt = new Date().toISOString();
        this.onChange();
        await acts.escalateApprovalTask({ ...task(), from, to: record.role });
      } else {
        record.status = 'expired';
        await acts.closeApprovalTask({ taskId: record.taskId, expiredAt: new Date().toISOString() });
        this.onChange();
        return record;
      }
    }
    await acts.closeApprovalTask({ taskId: record.taskId, decision: record.decision });
    this.onChange();
    return record;
  }
}
