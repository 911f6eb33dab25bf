/**
 * Every side effect of the business processes. Built by a factory from its dependencies so
 * workers, tests and tools wire in their own database and AI provider. Each activity is
 * idempotent: retried, or re-run after a worker died, it never posts or sends twice.
 */
import { ApplicationFailure, log } from '@temporalio/activity';
import type { ApprovalRecord, DecisionSignal } from '../domain/approval.js';
import type { Classification, ExtractedInvoice, LedgerEntry, ValidationResult } from '../domain/invoice.js';
import { sideEffectKey } from '../domain/ids.js';
import { formatMoney } from '../domain/money.js';
import type { Role } from '../domain/roles.js';
import type { Db } from '../db/connect.js';
import { closeApprovalTask, openApprovalTask, reassignApprovalTask } from '../db/approvals.js';
import { getDocument, setDocumentText } from '../db/documents.js';
import { updateInvoiceProgress, type InvoiceProgress } from '../db/invoices.js';
import { postLedgerEntry, type NewLedgerEntry } from '../db/ledger.js';
import { enqueueNotification } from '../db/notifications.js';
import { AiError, type AiProvider } from './ai/provider.js';
import { documentToText, UnreadableDocumentError } from './documents.js';
import { validateInvoiceFields } from './validation.js';

/** What the activities need from the outside world. */
export interface ActivityDeps {
  db: Db;
  /** The configured AI provider (OpenAI or offline). */
  ai: AiProvider;
  /** The provider used when the configured one fails for good: the offline reader. */
  fallbackAi: AiProvider;
}

/** Which provider an AI activity should use. */
export type ProviderChoice = 'primary' | 'fallback';

/** The result of reading a document's text. */
export type ParseResult = { ok: true; origin: string; characters: number } | { ok: false; message: string };

/** A task the approval step opens, as the activities need it. */
export interface ApprovalTaskInput {
  record: ApprovalRecord;
  process: string;
  workflowId: string;
  subject: string;
  amount: number | null;
  currency: string | null;
}

/**
 * Turn an AI error into a Temporal failure of type `Ai<Kind>` (AiRateLimited, AiRefusal, ...),
 * non-retryable when retrying cannot help, so Temporal's retry policy does the right thing.
 */
function aiFailure(error: unknown): never {
  if (error instanceof AiError) {
    const type = `Ai${error.kind.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase())}`;
    throw ApplicationFailure.create({ message: error.message, type, nonRetryable: !error.retryable, cause: error });
  }
  throw error;
}

/** Build the activities around their dependencies. */
export function createActivities(deps: ActivityDeps) {
  const { db } = deps;
  const provider = (choice: ProviderChoice) => (choice === 'primary' ? deps.ai : deps.fallbackAi);

  async function documentText(documentId: string): Promise<string> {
    const doc = await getDocument(db, documentId);
    if (!doc) throw ApplicationFailure.nonRetryable(`Document ${documentId} does not exist`, 'DocumentMissing');
    if (doc.text === null) throw ApplicationFailure.nonRetryable(`Document ${documentId} has not been parsed`, 'DocumentNotParsed');
    return doc.text;
  }

  return {
    /** Read the text out of a stored document (text, PDF, email) and keep it beside the document. */
    async parseDocument(input: { documentId: string }): Promise<ParseResult> {
      const doc = await getDocument(db, input.documentId);
      if (!doc) throw ApplicationFailure.nonRetryable(`Document ${input.documentId} does not exist`, 'DocumentMissing');
      try {
        const parsed = await documentToText(doc.content, doc.content_type);
        await setDocumentText(db, doc.id, parsed.text);
        log.info('document parsed', { documentId: doc.id, origin: parsed.origin, characters: parsed.text.length });
        return { ok: true, origin: parsed.origin, characters: parsed.text.length };
      } catch (error) {
        if (error instanceof UnreadableDocumentError) return { ok: false, message: error.message };
        throw error;
      }
    },

    /** Ask the AI whether the document is an invoice. */
    async classifyDocument(input: { documentId: string; provider: ProviderChoice }): Promise<Classification & { provider: string }> {
      const ai = provider(input.provider);
      try {
        return { ...(await ai.classify(await documentText(input.documentId))), provider: ai.name };
      } catch (error) {
        return aiFailure(error);
      }
    },

    /** Ask the AI for the invoice's fields. */
    async extractInvoice(input: { documentId: string; provider: ProviderChoice }): Promise<{ fields: ExtractedInvoice; provider: string }> {
      const ai = provider(input.provider);
      try {
        return { fields: await ai.extractInvoice(await documentText(input.documentId)), provider: ai.name };
      } catch (error) {
        return aiFailure(error);
      }
    },

    /** Check the fields against the vendor master, purchase orders, duplicates and arithmetic. */
    async validateInvoice(input: { invoiceId: string; fields: ExtractedInvoice }): Promise<ValidationResult> {
      return validateInvoiceFields(db, input.invoiceId, input.fields);
    },

    /** Record an invoice's status in the register the API lists from. */
    async recordInvoiceProgress(input: { invoiceId: string; progress: InvoiceProgress }): Promise<void> {
      await updateInvoiceProgress(db, input.invoiceId, input.progress);
    },

    /** Open an approval task for the inbox and tell its role. */
    async openApprovalTask(input: ApprovalTaskInput): Promise<void> {
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
      });
      await enqueueNotification(db, {
        key: sideEffectKey(record.taskId, 'opened'),
        workflowId: input.workflowId,
        channel: 'inbox',
        recipient: `role:${record.role}`,
        subject: `Approval needed: ${input.subject}`,
        body: `${input.subject} (${formatMoney(input.amount, input.currency)}) waits for a ${record.role} decision by ${record.dueAt}.`,
      });
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

    /** Hand the task to the next role and tell it. */
    async escalateApprovalTask(input: ApprovalTaskInput & { from: Role; to: Role }): Promise<void> {
      await reassignApprovalTask(db, input.record.taskId, input.to);
      await enqueueNotification(db, {
        key: sideEffectKey(input.record.taskId, `escalated-to-${input.to}`),
        workflowId: input.workflowId,
        channel: 'inbox',
        recipient: `role:${input.to}`,
        subject: `Escalated: ${input.subject}`,
        body: `No ${input.from} decided ${input.subject} in time; it is now yours to decide by ${input.record.dueAt}.`,
      });
    },

    /** Close the task with its decision, or as expired. */
    async closeApprovalTask(input: { taskId: string; decision?: DecisionSignal; expiredAt?: string }): Promise<void> {
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

    /** Post the payables entry (once per invoice) and reduce the purchase order. */
    async postInvoice(input: NewLedgerEntry): Promise<LedgerEntry> {
      const { entry, created } = await postLedgerEntry(db, input);
      log.info(created ? 'invoice posted' : 'invoice already posted; nothing changed', { invoiceId: input.invoiceId, ledgerEntryId: entry.id });
      return entry;
    },

    /** Tell the submitter how their invoice ended. */
    async notifySubmitter(input: { workflowId: string; invoiceId: string; submittedBy: string; subject: string; body: string }): Promise<void> {
      await enqueueNotification(db, {
        key: sideEffectKey(input.workflowId, 'outcome'),
        workflowId: input.workflowId,
        channel: 'email',
        recipient: input.submittedBy,
        subject: input.subject,
        body: input.body,
      });
    },
  };
}

/** The activities' type, for `proxyActivities` in workflows (imported as a type only). */
export type Activities = ReturnType<typeof createActivities>;
