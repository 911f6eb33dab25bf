/**
 * Approval routing: rules in code, never the AI's opinion. Deterministic, so the invoice
 * workflow calls it directly.
 */
import type { ApprovalStepPlan, ExtractedInvoice, Finding, RouteDecision } from './invoice.js';
import type { RoutingLimits } from './invoice-state.js';
import { fromCents, toCents } from './money.js';
import type { EscalationLadder } from './roles.js';

/** Who takes over an invoice's task: a clerk's review goes to a manager, up to an admin. */
export const INVOICE_ESCALATION: EscalationLadder = { ap_clerk: 'manager', manager: 'finance_director', finance_director: 'admin' };

/** Finding codes that end an invoice at once instead of asking a person. */
const REJECT_AT_ONCE: Record<string, RouteDecision['rejectReason']> = {
  duplicate_invoice: 'duplicate_invoice',
  vendor_blocked: 'vendor_blocked',
};

/**
 * The amount approvals are sized by: the largest amount the document states in any
 * form (total, subtotal + tax, sum of lines). A document, or a model reading it, that
 * understates its total cannot lower the approvals the invoice needs.
 */
export function approvalAmount(invoice: ExtractedInvoice): number | null {
  const candidates: number[] = [];
  if (invoice.total !== null) candidates.push(toCents(invoice.total));
  if (invoice.subtotal !== null) candidates.push(toCents(invoice.subtotal) + toCents(invoice.tax ?? 0));
  if (invoice.lineItems.length > 0) {
    const lines = invoice.lineItems.reduce((sum, line) => sum + toCents(line.amount), 0);
    candidates.push(lines + toCents(invoice.tax ?? 0));
  }
  if (candidates.length === 0) return null;
  return fromCents(Math.max(...candidates.map(Math.abs)));
}

/** Decide what an invoice needs before it may be posted. */
export function routeInvoice(invoice: ExtractedInvoice, findings: readonly Finding[], limits: RoutingLimits): RouteDecision {
  const amount = approvalAmount(invoice);
  const explanation: string[] = [];

  for (const finding of findings) {
    const rejectReason = REJECT_AT_ONCE[finding.code];
    if (rejectReason) {
      explanation.push(`${finding.message}: rejected without review.`);
      return { outcome: 'reject', rejectReason, amount, steps: [], explanation };
    }
  }

  const steps: ApprovalStepPlan[] = [];
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    const codes = errors.map((e) => e.code).join(', ');
    explanation.push(`Validation found ${errors.length} problem(s) (${codes}): an AP clerk reviews it.`);
    steps.push({
      key: 'review',
      role: 'ap_clerk',
      kind: 'review',
      requireComment: true,
      reason: `Validation problems: ${codes}`,
    });
  }

  if (amount === null || amount >= limits.autoApproveBelow) {
    const shown = amount === null ? 'an unknown amount' : amount.toFixed(2);
    steps.push({
      key: 'manager',
      role: 'manager',
      kind: 'approval',
      requireComment: false,
      reason: `Amount ${shown} is at or above ${limits.autoApproveBelow}`,
    });
    if (amount === null || amount > limits.managerLimit) {
      steps.push({
        key: 'finance_director',
        role: 'finance_director',
        kind: 'approval',
        requireComment: false,
        reason: `Amount ${shown} is above ${limits.managerLimit}`,
      });
      explanation.push(`Amount ${shown} is above ${limits.managerLimit}: a manager, then a finance director approve.`);
    } else {
      explanation.push(`Amount ${shown} is between ${limits.autoApproveBelow} and ${limits.managerLimit}: a manager approves.`);
    }
  } else if (steps.length === 0) {
    explanation.push(`Clean invoice below ${limits.autoApproveBelow}: approved automatically.`);
  } else {
    explanation.push(`Amount below ${limits.autoApproveBelow}: the clerk's review is the only approval.`);
  }

  return { outcome: steps.length === 0 ? 'auto_approve' : 'approval', amount, steps, explanation };
}
