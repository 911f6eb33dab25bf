/** Submitting an invoice: store the document once, register it, start its workflow. */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../../config/index.js';
import type { InvoiceWorkflowInput } from '../../domain/invoice-state.js';
import { invoiceWorkflowId } from '../../domain/ids.js';
import type { Db } from '../../db/connect.js';
import { deleteUnusedDocument, saveDocument } from '../../db/documents.js';
import { countInFlight, findByIdempotencyKey, getInvoiceDocumentId, registerInvoice, type InvoiceSummary } from '../../db/invoices.js';
import type { invoiceWorkflow } from '../../workflows/invoice.js';
import { HttpError } from '../../domain/errors.js';
import { startProcess } from '../runs/start-process.js';

/** A document to submit. */
export interface InvoiceSubmission {
  content: Uint8Array;
  contentType: string;
  filename?: string | undefined;
  source: InvoiceWorkflowInput['source'];
  submittedBy: string;
  /** Already scoped to the submitter; a repeat with the same key returns the first invoice. */
  idempotencyKey: string | null;
}

/** The workflow input for an invoice, with the routing limits and timers in force now. */
export function invoiceWorkflowInput(config: AppConfig, invoice: InvoiceSummary, documentId: string): InvoiceWorkflowInput {
  return {
    invoiceId: invoice.id,
    documentId,
    submittedBy: invoice.submittedBy,
    source: invoice.source as InvoiceWorkflowInput['source'],
    limits: { autoApproveBelow: config.approvals.autoApproveBelow, managerLimit: config.approvals.managerLimit },
    timers: {
      reminderAfterMs: config.approvals.reminderAfterMs,
      escalateAfterMs: config.approvals.escalateAfterMs,
      deadlineMs: config.approvals.deadlineMs,
    },
    maxLineItems: config.limits.lineItems,
    aiInProcess: !config.openai.apiKey,
  };
}

/** Start (or find) the workflow of a registered invoice. */
async function ensureWorkflow(deps: { config: AppConfig; db: Db; client: Client }, invoice: InvoiceSummary, documentId: string): Promise<void> {
  await startProcess(deps, {
    process: 'invoice',
    id: invoice.id,
    workflowId: invoice.workflowId,
    workflowType: 'invoiceWorkflow' satisfies (typeof invoiceWorkflow)['name'],
    taskQueue: deps.config.temporal.taskQueue,
    args: [invoiceWorkflowInput(deps.config, invoice, documentId)],
    initialStatus: 'processing',
    submittedBy: invoice.submittedBy,
    subject: `Invoice ${invoice.id} (${invoice.source})`,
    summary: `Invoice ${invoice.id} from ${invoice.submittedBy} (${invoice.source})`,
    memo: { invoiceId: invoice.id, submittedBy: invoice.submittedBy, source: invoice.source },
  });
}

/** Submit an invoice. `created` is false when the idempotency key named an earlier one. */
export async function submitInvoice(
  deps: { config: AppConfig; db: Db; client: Client },
  submission: InvoiceSubmission,
): Promise<{ invoice: InvoiceSummary; created: boolean }> {
  const { config, db } = deps;
  // A repeat is answered before anything is stored. It starts the workflow too: if a crash came
  // between registering and starting, the repeat starts it; otherwise the start finds the run.
  const earlier = submission.idempotencyKey ? await findByIdempotencyKey(db, submission.idempotencyKey) : undefined;
  if (earlier) {
    await ensureWorkflow(deps, earlier, (await getInvoiceDocumentId(db, earlier.id))!);
    return { invoice: earlier, created: false };
  }
  if ((await countInFlight(db, submission.submittedBy)) >= config.limits.pendingDocumentsPerUser) {
    // Too many invoices in flight for one submitter (MAX_PENDING_DOCUMENTS_PER_USER).
    const limit = config.limits.pendingDocumentsPerUser;
    throw new HttpError(429, 'quota_exceeded', `You have ${limit} invoices in flight, the most one submitter may have; wait for some to finish.`);
  }
  const id = randomUUID();
  const documentId = await saveDocument(db, submission);
  const { invoice, created } = await registerInvoice(db, {
    id,
    workflowId: invoiceWorkflowId(id),
    documentId,
    submittedBy: submission.submittedBy,
    source: submission.source,
    idempotencyKey: submission.idempotencyKey,
  });
  // Lost a race on the same key: the first submission stands; this copy goes unless shared.
  if (!created) await deleteUnusedDocument(db, documentId);
  const invoiceDocumentId = created ? documentId : ((await getInvoiceDocumentId(db, invoice.id)) ?? documentId);
  await ensureWorkflow(deps, invoice, invoiceDocumentId);
  return { invoice, created };
}
