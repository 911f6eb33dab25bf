/**
 * Every side effect of the business processes. Built by a factory from its dependencies so
 * workers, tests and tools wire in their own database and AI provider. Each activity is
 * idempotent: retried, or re-run after a worker died, it never posts or sends twice.
 */
import { ApplicationFailure, Context, log } from '@temporalio/activity';
import type { ApprovalRecord, DecisionSignal, RecordedDecision } from '../domain/approval.js';
import type { Classification, ExtractedInvoice, LedgerEntry, ValidationResult } from '../domain/invoice.js';
import { sideEffectKey } from '../domain/ids.js';
import { formatMoney } from '../domain/money.js';
import { mayDecide, type Role } from '../domain/roles.js';
import type { Person } from '../config/people.js';
import type { Db } from '../db/connect.js';
import { closeApprovalTask, openApprovalTask, reassignApprovalTask } from '../db/approvals.js';
import { getDocument, setDocumentText } from '../db/documents.js';
import { updateInvoiceProgress, type InvoiceProgress } from '../db/invoices.js';
import { postLedgerEntry, type NewLedgerEntry } from '../db/ledger.js';
import { enqueueNotification } from '../db/notifications.js';
import { AiError, type AiProvider } from './ai/provider.js';
import { ParserTimeoutError, type CpuPool } from './cpu/pool.js';
import { UnreadableDocumentError } from './documents.js';
import { hasValidProof } from './human-tasks/proof.js';
import { validateInvoiceFields } from './validation.js';

/** What the activities need from the outside world. */
export interface ActivityDeps {
  db: Db;
  /** The configured AI provider (OpenAI or offline). */
  ai: AiProvider;
  /** The provider used when the configured one fails for good: the offline reader. */
  fallbackAi: AiProvider;
  /** Everyone who may hold a task, so separation of duties can tell whether anyone else may decide. */
  people: Person[];
  /** The key decisions are signed with by the API (DECISION_SIGNING_KEY). */
  decisionSigningKey: string;
  /** The most line items an invoice may have (MAX_LINE_ITEMS). */
  maxLineItems: number;
  /** The threads documents are parsed on, off the thread that runs workflow tasks. */
  cpu: CpuPool;
}

/**
 * Run a long step while telling Temporal every two seconds that this worker is still at it. If the
 * worker dies, the heartbeats stop and the step is retried elsewhere after the heartbeat timeout
 * (seconds), not after its whole start-to-close timeout (minutes).
 */
async function heartbeating<T>(work: () => Promise<T>): Promise<T> {
  const context = Context.current();
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), 2000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** Which provider an AI activity should use. */
export type ProviderChoice = 'primary' | 'fallback';

/** The fields an AI read; `omittedLineItems` counts line items left out because there were too many. */
export interface ExtractionResult {
  fields: ExtractedInvoice;
  provider: string;
  omittedLineItems?: number;
}

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

/** How many people may decide a task now: who holds its role (or admin), less who is excluded. */
export interface Staffing {
  eligible: number;
}

/** Build the activities around their dependencies. */
export function createActivities(deps: ActivityDeps) {
  const { db } = deps;
  const provider = (choice: ProviderChoice) => (choice === 'primary' ? deps.ai : deps.fallbackAi);
  const staffing = (record: ApprovalRecord, role: Role): Staffing => ({
    eligible: deps.people.filter((p) => mayDecide(p.roles, role) && !record.excluded?.some((e) => e.user === p.user)).length,
  });

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
        const parsed = await heartbeating(() => deps.cpu.run('parse', { content: doc.content, contentType: doc.content_type }));
        await setDocumentText(db, doc.id, parsed.text);
        log.info('document parsed', { documentId: doc.id, origin: parsed.origin, characters: parsed.text.length });
        return { ok: true, origin: parsed.origin, characters: parsed.text.length };
      } catch (error) {
        if (error instanceof UnreadableDocumentError) return { ok: false, message: error.message };
        if (error instanceof ParserTimeoutError) return { ok: false, message: error.message };
        throw error;
      }
    },

    /** Ask the AI whether the document is an invoice. */
    async classifyDocument(input: { documentId: string; provider: ProviderChoice }): Promise<Classification & { provider: string }> {
      const ai = provider(input.provider);
      try {
        const text = await documentText(input.documentId);
        return { ...(await heartbeating(() => ai.classify(text))), provider: ai.name };
      } catch (error) {
        return aiFailure(error);
      }
    },

    /**
     * Ask the AI for the invoice's fields. An invoice with more line items than MAX_LINE_ITEMS comes
     * back without them and with their count, so no result outgrows what Temporal may carry.
     */
    async extractInvoice(input: { documentId: string; provider: ProviderChoice }): Promise<ExtractionResult> {
      const ai = provider(input.provider);
      let fields: ExtractedInvoice;
      try {
        const text = await documentText(input.documentId);
        fields = await heartbeating(() => ai.extractInvoice(text));
      } catch (error) {
        return aiFailure(error);
      }
      if (fields.lineItems.length > deps.maxLineItems) {
        return { fields: { ...fields, lineItems: [] }, provider: ai.name, omittedLineItems: fields.lineItems.length };
      }
      return { fields, provider: ai.name };
    },

    /** Check the fields against the vendor master, purchase orders, duplicates and arithmetic. */
    async validateInvoice(input: { invoiceId: string; fields: ExtractedInvoice; documentId?: string }): Promise<ValidationResult> {
      // Runs recorded before the header was read pass no document: they validate the fields only.
      const text = input.documentId ? await documentText(input.documentId) : undefined;
      return validateInvoiceFields(db, input.invoiceId, input.fields, text);
    },

    /** Record an invoice's status in the register the API lists from. */
    async recordInvoiceProgress(input: { invoiceId: string; progress: InvoiceProgress }): Promise<void> {
      await updateInvoiceProgress(db, input.invoiceId, input.progress);
    },

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
      return staffing(record, record.role);
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
      return staffing(input.record, input.to);
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
