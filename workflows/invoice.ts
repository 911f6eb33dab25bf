/**
 * Invoice processing: parse -> classify (AI) -> extract (AI) -> validate (database) -> route
 * (rules in code) -> approve (people, by signal) -> post (ledger) -> notify. Orchestration only:
 * every side effect is an activity, and the whole state is readable through the `status` query.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  log,
  TimeoutFailure,
} from '@temporalio/workflow';
import type { Activities, ProviderChoice } from '../activities/index.js';
import type { InvoiceReason, InvoiceStatus, InvoiceStep } from '../domain/invoice.js';
import type { InvoiceState, InvoiceWorkflowInput } from '../domain/invoice-state.js';
import { invoiceStatusQuery } from '../domain/messages.js';
import { formatMoney } from '../domain/money.js';
import type { Role } from '../domain/roles.js';
import { routeInvoice } from '../domain/routing.js';
import { InvoiceTotalKey, PendingRoleKey, ProcessStatusKey, VendorKey } from '../domain/search-attributes.js';
import { ApprovalDesk } from './approval.js';

/**
 * Activity profiles. Timeouts are sized to what each step does, so the work of a worker that died
 * mid-step is picked up by another within seconds: database steps take milliseconds (15 s is
 * generous), and the long steps (reading a document, asking a model) heartbeat every few
 * seconds, so a silent one is retried after 10 s rather than after its whole timeout.
 */
const store = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});

/** Reading a document (PDF, email) on the worker's parser threads. */
const reader = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/**
 * AI steps: a model can be slow or rate limited (retried with backoff); a bad request, a
 * refusal or output that fails the schema is non-retryable and leads to the offline fallback.
 */
const ai = proxyActivities<Activities>({
  startToCloseTimeout: '3 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});

/** The offline reader as a fallback: local and deterministic, so few attempts are enough. */
const fallback = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 3 },
});

/** Ends the workflow early with a defined outcome (not an error). */
class Stop extends Error {
  constructor(
    readonly reason: InvoiceReason,
    message: string,
  ) {
    super(message);
    this.name = 'Stop';
  }
}

function failureMessage(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * What made an AI step fail, when it was the model: an `Ai*` failure (rate limits past their
 * retries, a refusal, output that does not fit) or a model that never answered. Anything else (a
 * missing document, a bug) is not the model's doing, and no fallback would fix it.
 */
function modelFailure(error: unknown): string | undefined {
  if (!(error instanceof ActivityFailure)) return undefined;
  const cause = error.cause;
  if (cause instanceof ApplicationFailure && cause.type?.startsWith('Ai')) return `${cause.type}: ${cause.message}`;
  if (cause instanceof TimeoutFailure) return `TimedOut: ${cause.message}`;
  return undefined;
}

/** Process one invoice from its stored document to a posted ledger entry or a rejection. */
export async function invoiceWorkflow(input: InvoiceWorkflowInput): Promise<InvoiceState> {
  const now = () => new Date().toISOString();
  const state: InvoiceState = {
    invoiceId: input.invoiceId,
    workflowId: workflowInfo().workflowId,
    status: 'processing',
    step: 'received',
    submittedBy: input.submittedBy,
    source: input.source,
    classification: null,
    extracted: null,
    extractionProvider: null,
    findings: [],
    vendorId: null,
    purchaseOrderId: null,
    route: null,
    approvals: [],
    ignoredDecisions: [],
    ledgerEntry: null,
    reason: null,
    reasonMessage: null,
    timeline: [],
    createdAt: now(),
    updatedAt: now(),
  };
  setHandler(invoiceStatusQuery, () => state);

  const mark = (step: InvoiceStep, message: string) => {
    state.step = step;
    state.updatedAt = now();
    state.timeline.push({ at: state.updatedAt, step, message });
    log.info(message, { step });
  };

  /** Whom the invoice waits for: derived from the approvals, never stored twice. */
  const pendingRole = (): Role | null => state.approvals.find((a) => a.status === 'pending')?.role ?? null;

  /** The run's current details in the Temporal UI (not a command: it adds nothing to history). */
  const showDetails = () => {
    const role = pendingRole();
    const e = state.extracted;
    const lines = [
      `**Vendor:** ${e?.vendorName ?? 'not read yet'}`,
      `**Total:** ${e ? formatMoney(e.total, e.currency) : 'not read yet'}`,
      `**Status:** ${state.status.replace('_', ' ')}${role ? ` (waiting for ${role})` : ''}`,
    ];
    if (state.reason) lines.push(`**Reason:** ${state.reason}: ${state.reasonMessage ?? ''}`);
    setCurrentDetails(lines.join('  \n'));
  };

  /** Publish a status change: search attributes, current details, and the register the API lists. */
  const publish = async () => {
    upsertSearchAttributes([
      { key: ProcessStatusKey, value: state.status },
      { key: PendingRoleKey, value: pendingRole() ?? '' },
    ]);
    showDetails();
    const e = state.extracted;
    await store.recordInvoiceProgress({
      invoiceId: input.invoiceId,
      progress: { status: state.status, step: state.step, reason: state.reason, ...(e && { total: e.total, currency: e.currency }) },
    });
  };

  const desk = new ApprovalDesk(state, state.workflowId, input.submittedBy, () => {
    upsertSearchAttributes([{ key: PendingRoleKey, value: pendingRole() ?? '' }]);
    showDetails();
  });

  /** End the invoice: record the outcome everywhere and tell the submitter. */
  const conclude = async (end: { status: InvoiceStatus; reason?: InvoiceReason; message: string; step: InvoiceStep; subject: string; body?: string }) => {
    state.status = end.status;
    state.reason = end.reason ?? null;
    state.reasonMessage = end.reason ? end.message : null;
    mark(end.step, end.reason ? `${end.status} (${end.reason}): ${end.message}` : end.message);
    await publish();
    await store.notifySubmitter({
      workflowId: state.workflowId,
      invoiceId: input.invoiceId,
      submittedBy: input.submittedBy,
      subject: end.subject,
      body: end.body ?? end.message,
    });
  };
  const label = () => state.extracted?.invoiceNumber ?? input.invoiceId;

  /** Run an AI step on the configured provider; if it fails for good, on the offline reader. */
  async function withFallback<T>(what: string, call: (acts: Activities, provider: ProviderChoice) => Promise<T>): Promise<T> {
    try {
      return await call(ai, 'primary');
    } catch (error) {
      const failure = modelFailure(error);
      if (failure === undefined) throw error;
      state.findings.push({
        code: 'ai_fallback',
        severity: 'warning',
        message: `The AI model could not ${what} (${failure}); the offline reader did it instead.`,
      });
      return call(fallback, 'fallback');
    }
  }

  try {
    showDetails();
    mark('parse', 'Reading the document');
    const parsed = await reader.parseDocument({ documentId: input.documentId });
    if (!parsed.ok) throw new Stop('unreadable_document', parsed.message);

    mark('classify', 'Classifying the document');
    const classification = await withFallback('classify the document', (a, provider) => a.classifyDocument({ documentId: input.documentId, provider }));
    state.classification = classification;
    if (!classification.isInvoice) {
      throw new Stop('not_an_invoice', `The document looks like ${classification.documentType}, not an invoice: ${classification.reason}`);
    }

    mark('extract', 'Extracting the invoice fields');
    const extracted = await withFallback('extract the fields', (a, provider) => a.extractInvoice({ documentId: input.documentId, provider }));
    state.extracted = extracted.fields;
    state.extractionProvider = extracted.provider;
    const fields = extracted.fields;
    if (extracted.omittedLineItems !== undefined) {
      throw new Stop(
        'too_many_line_items',
        `The document has at least ${extracted.omittedLineItems} line items, more than the ${input.maxLineItems ?? 'configured number'} an invoice may have (MAX_LINE_ITEMS); split it, or send a summary invoice.`,
      );
    }
    upsertSearchAttributes([
      { key: VendorKey, value: fields.vendorName ?? '' },
      ...(fields.total !== null ? [{ key: InvoiceTotalKey, value: fields.total }] : []),
    ]);
    showDetails();
    if (fields.total === null) {
      state.findings.push({ code: 'missing_total', severity: 'error', field: 'total', message: 'No total amount could be read from the document.' });
      throw new Stop('missing_total', 'No total amount could be read from the document; please resubmit a legible invoice.');
    }

    mark('validate', 'Validating against the vendor master, purchase orders and arithmetic');
    const validation = await store.validateInvoice({ invoiceId: input.invoiceId, fields, documentId: input.documentId });
    state.findings.push(...validation.findings);
    state.vendorId = validation.vendorId;
    state.purchaseOrderId = validation.purchaseOrderId;

    mark('route', 'Routing by the approval rules');
    const route = routeInvoice(fields, state.findings, input.limits);
    state.route = route;
    if (route.outcome === 'reject') {
      throw new Stop(route.rejectReason ?? 'processing_error', route.explanation.join(' '));
    }

    for (const step of route.steps) {
      mark('approve', `Waiting for ${step.role} (${step.kind}): ${step.reason}`);
      state.status = 'awaiting_approval';
      await publish();
      const record = await desk.request({
        step,
        process: 'invoice',
        subject: `Invoice ${fields.invoiceNumber ?? '(no number)'} from ${fields.vendorName ?? 'unknown vendor'}`,
        amount: route.amount,
        currency: fields.currency,
        timers: input.timers,
      });
      if (record.status === 'expired') {
        throw new Stop('approval_timeout', `No decision on the ${step.key} step before ${record.dueAt}.`);
      }
      if (record.status === 'rejected') {
        const d = record.decision;
        throw new Stop('rejected_by_approver', `Rejected by ${d?.by ?? 'an approver'} (${step.key})${d?.comment ? `: ${d.comment}` : ''}.`);
      }
      state.status = 'processing';
    }
    if (route.steps.length > 0) await publish();

    mark('post', 'Posting to the ledger');
    state.ledgerEntry = await store.postInvoice({
      invoiceId: input.invoiceId,
      vendorId: state.vendorId,
      vendorName: fields.vendorName ?? 'unknown vendor',
      invoiceNumber: fields.invoiceNumber,
      purchaseOrderId: state.purchaseOrderId,
      amount: fields.total,
      // Without a currency the invoice was reviewed (missing_currency); XXX is ISO 4217's "no currency".
      currency: fields.currency ?? 'XXX',
    });
    await conclude({
      status: 'posted',
      step: 'notify',
      message: 'Posted; notifying the submitter',
      subject: `Invoice ${label()} posted`,
      body: `Invoice ${label()} from ${fields.vendorName ?? 'unknown vendor'} (${formatMoney(fields.total, fields.currency)}) was posted to the ledger as ${state.ledgerEntry.id}.`,
    });
  } catch (error) {
    if (error instanceof Stop) {
      await conclude({
        status: 'rejected',
        reason: error.reason,
        message: error.message,
        step: 'notify',
        subject: `Invoice ${label()} rejected: ${error.reason}`,
      });
    } else if (isCancellation(error)) {
      // Cancelled by an operator (Temporal UI or CLI): close what is open and say so, then end
      // as cancelled. The clean-up runs in a scope the cancellation cannot reach.
      await CancellationScope.nonCancellable(async () => {
        for (const approval of state.approvals.filter((a) => a.status === 'pending')) {
          approval.status = 'expired';
          await store.closeApprovalTask({ taskId: approval.taskId, expiredAt: now() });
        }
        const message = 'Processing was cancelled by an operator.';
        await conclude({ status: 'rejected', reason: 'cancelled', message, step: state.step, subject: `Invoice ${label()} cancelled` });
      });
      throw error;
    } else {
      // Something retrying could not fix: say so everywhere, then fail the run so the
      // Temporal UI shows the error and its stack.
      const message = failureMessage(error);
      const step = state.step;
      try {
        await conclude({
          status: 'failed',
          reason: 'processing_error',
          message,
          step,
          subject: `Invoice ${label()} could not be processed`,
          body: `Processing stopped at the ${step} step: ${message}. The failed run is in the Temporal UI for operations to look at.`,
        });
      } catch (notifyError) {
        log.error('could not record the failure', { error: failureMessage(notifyError) });
      }
      throw ApplicationFailure.nonRetryable(`Invoice ${input.invoiceId} failed at ${step}: ${message}`, 'InvoiceProcessingFailed');
    }
  }
  mark('done', `Finished: ${state.status}`);
  showDetails();
  // A decision still being checked (one that lost a race) gets its answer before the run closes.
  await condition(allHandlersFinished);
  return state;
}
