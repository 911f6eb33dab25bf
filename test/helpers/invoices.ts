/** Building invoices for tests and waiting for their workflows. */
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { signDecision } from '../../activities/human-tasks/proof.js';
import type { Decision, DecisionSignal } from '../../domain/approval.js';
import { FINAL_INVOICE_STATUSES } from '../../domain/invoice.js';
import { decideUpdate, decisionSignal, invoiceStatusQuery } from '../../domain/messages.js';
import type { Role } from '../../domain/roles.js';
import type { InvoiceState } from '../../domain/invoice-state.js';
import { submitInvoice } from '../../api/invoice-service.js';
import type { TestStack } from './stack.js';

/** What goes on a test invoice; arithmetic is computed so the invoice is clean unless told otherwise. */
export interface InvoiceSpec {
  vendor?: string;
  taxId?: string | null;
  number?: string;
  po?: string | null;
  currency?: string;
  lines?: { description: string; quantity: number; unitPrice: number }[];
  taxRate?: number;
  /** Print this total instead of the right one. */
  wrongTotal?: number;
  invoiceDate?: string;
  dueDate?: string;
}

const money = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A plain-text invoice as a vendor would send it. */
export function invoiceText(spec: InvoiceSpec = {}): string {
  const lines = spec.lines ?? [{ description: 'Consulting services', quantity: 1, unitPrice: 500 }];
  const subtotal = lines.reduce((s, l) => s + Math.round(l.quantity * l.unitPrice * 100), 0) / 100;
  const tax = Math.round(subtotal * (spec.taxRate ?? 0.1) * 100) / 100;
  const total = spec.wrongTotal ?? Math.round((subtotal + tax) * 100) / 100;
  const currency = spec.currency ?? 'EUR';
  return [
    spec.vendor ?? 'Acme Supplies GmbH',
    ...(spec.taxId === null ? [] : [`VAT ID: ${spec.taxId ?? 'DE811111111'}`]),
    '',
    'INVOICE',
    `Invoice Number: ${spec.number ?? `INV-${Math.floor(Math.random() * 1e9)}`}`,
    `Invoice Date: ${spec.invoiceDate ?? '2026-03-14'}`,
    `Due Date: ${spec.dueDate ?? '2026-04-13'}`,
    ...(spec.po ? [`PO Number: ${spec.po}`] : []),
    '',
    'Bill To:',
    'Globex Corporation',
    '',
    'Description                         Qty      Unit Price          Amount',
    ...lines.map(
      (l) => `${l.description.padEnd(32)}${String(l.quantity).padStart(6)}${money(l.unitPrice).padStart(16)}${money(l.quantity * l.unitPrice).padStart(16)}`,
    ),
    '',
    `Subtotal${money(subtotal).padStart(62)}`,
    `VAT${money(tax).padStart(67)}`,
    `Total (${currency})${money(total).padStart(60)}`,
  ].join('\n');
}

/** A decision as the API would send it: by a user holding roles, signed with the stack's key. */
export function signedDecision(
  stack: Pick<TestStack, 'config'>,
  workflowId: string,
  d: { taskId: string; decision: Decision; by: string; roles: Role[]; comment?: string },
): DecisionSignal {
  return signDecision(stack.config.decisionSigningKey, workflowId, { ...d, at: new Date().toISOString() });
}

/**
 * Decide a task the way the API does (a signed `decide` update). Resolves to 'recorded', or to the
 * reason the workflow refused it.
 */
export async function decide(
  stack: Pick<TestStack, 'config' | 'client'>,
  workflowId: string,
  d: { taskId: string; decision: Decision; by: string; roles: Role[]; comment?: string },
): Promise<string> {
  try {
    await stack.client.workflow.getHandle(workflowId).executeUpdate(decideUpdate, { args: [signedDecision(stack, workflowId, d)] });
    return 'recorded';
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type) return error.cause.type;
    throw error;
  }
}

/** Send a decision as a signal (no answer); `sign: false` sends it without the API's proof. */
export async function signalDecision(
  stack: Pick<TestStack, 'config' | 'client'>,
  workflowId: string,
  d: { taskId: string; decision: Decision; by: string; roles: Role[]; comment?: string },
  opts: { sign?: boolean } = {},
): Promise<void> {
  const payload = opts.sign === false ? { ...d, at: new Date().toISOString() } : signedDecision(stack, workflowId, d);
  await stack.client.workflow.getHandle(workflowId).signal(decisionSignal, payload);
}

/** Submit a document as the given user, as the API does. */
export async function submit(
  stack: TestStack,
  text: string | { content: Uint8Array; contentType: string },
  submittedBy = 'mailroom',
): Promise<{ id: string; workflowId: string }> {
  const doc = typeof text === 'string' ? { content: Buffer.from(text), contentType: 'text/plain' } : text;
  const { invoice } = await submitInvoice(stack, { ...doc, source: 'api', submittedBy, idempotencyKey: null });
  return { id: invoice.id, workflowId: invoice.workflowId };
}

/** Poll a workflow's status query until `done` holds (or fail after `timeoutMs`). */
export async function waitForState(client: Client, workflowId: string, done: (s: InvoiceState) => boolean, timeoutMs = 30_000): Promise<InvoiceState> {
  const deadline = Date.now() + timeoutMs;
  let last: InvoiceState | undefined;
  for (;;) {
    try {
      last = await client.workflow.getHandle(workflowId).query(invoiceStatusQuery);
      if (done(last)) return last;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${workflowId}; last state: ${JSON.stringify(last && { status: last.status, step: last.step, reason: last.reason, approvals: last.tasks })}`,
      );
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Wait for an invoice to finish (posted, rejected or failed) and return its final state. */
export async function waitForResult(client: Client, workflowId: string, timeoutMs = 30_000): Promise<InvoiceState> {
  const final = (s: InvoiceState) => FINAL_INVOICE_STATUSES.includes(s.status);
  let timer: NodeJS.Timeout | undefined;
  // The run's result (the state once it is all done); a failed run answers through its status query.
  const result = client.workflow
    .getHandle(workflowId)
    .result()
    .then(
      (state) => state as InvoiceState,
      () => waitForState(client, workflowId, final, timeoutMs),
    );
  // A run that never ends (waiting for a person) fails the test in time, showing where it stands.
  const giveUp = new Promise<InvoiceState>((resolve, reject) => {
    timer = setTimeout(() => waitForState(client, workflowId, final, 0).then(resolve, reject), timeoutMs);
  });
  try {
    return await Promise.race([result, giveUp]);
  } finally {
    clearTimeout(timer);
  }
}

/** Wait until the invoice waits for a decision of `role` and return the pending task id. */
export async function waitForPendingTask(client: Client, workflowId: string, role?: string, timeoutMs = 30_000): Promise<string> {
  const state = await waitForState(
    client,
    workflowId,
    (s) => s.status === 'awaiting_approval' && s.tasks.some((a) => a.status === 'pending' && (!role || a.role === role)),
    timeoutMs,
  );
  return state.tasks.find((a) => a.status === 'pending')!.taskId;
}

/** Retry an assertion until it passes or `timeoutMs` runs out (then its last error is thrown). */
export async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
