/**
 * Invoice processing: parse -> classify (AI) -> extract (AI) -> validate (database) -> route
 * (rules in code) -> approve (people) -> post (ledger) -> notify. The story only: the shared run
 * (workflows/kit) records, publishes and ends it; every side effect is an activity.
 */
import { allHandlersFinished, condition, patched, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { InvoiceReason } from '../domain/invoice.js';
import type { InvoiceDetails, InvoiceState, InvoiceWorkflowInput } from '../domain/invoice-state.js';
import { invoiceStatusQuery } from '../domain/messages.js';
import { formatMoney } from '../domain/money.js';
import type { Role } from '../domain/roles.js';
import { INVOICE_ESCALATION, routeInvoice } from '../domain/routing.js';
import { InvoiceTotalKey, PendingRoleKey, VendorKey } from '../domain/search-attributes.js';
import { HumanTaskDesk } from './kit/human-task.js';
import { withModelFallback } from './kit/model.js';
import { databaseStep, documentStep, localDatabaseStep, localReadingStep } from './kit/profiles.js';
import { newRunState, ProcessRun, Stop } from './kit/run.js';

/**
 * Since this patch the database steps (and, with the AI in the worker's process, the reading steps)
 * run as local activities: an auto-approved invoice is a couple of round trips through the server,
 * not one per step. Runs started before it replay their remote steps.
 */
const LOCAL_STEPS_PATCH = 'invoice-local-steps';

/** Process one invoice from its stored document to a posted ledger entry or a rejection. */
export async function invoiceWorkflow(input: InvoiceWorkflowInput): Promise<InvoiceState> {
  const local = patched(LOCAL_STEPS_PATCH);
  const database = local ? localDatabaseStep : databaseStep;
  const reading = local && input.aiInProcess ? localReadingStep : undefined;
  const details: InvoiceDetails = {
    source: input.source,
    classification: null,
    extracted: null,
    extractionProvider: null,
    findings: [],
    vendorId: null,
    purchaseOrderId: null,
    route: null,
    ledgerEntry: null,
  };
  const state: InvoiceState = newRunState({ process: 'invoice', id: input.invoiceId, status: 'processing', submittedBy: input.submittedBy, details });
  setHandler(invoiceStatusQuery, () => state);

  /** Whom the invoice waits for: derived from the approvals, never stored twice. */
  const pendingRole = (): Role | null => state.tasks.find((a) => a.status === 'pending')?.role ?? null;
  const label = () => details.extracted?.invoiceNumber ?? input.invoiceId;

  const aiFallback = (message: string) => details.findings.push({ code: 'ai_fallback', severity: 'warning', message });

  const run = new ProcessRun(state, {
    searchAttributes: () => [{ key: PendingRoleKey, value: pendingRole() ?? '' }],
    details: () => {
      const role = pendingRole();
      const e = details.extracted;
      return [
        `**Vendor:** ${e?.vendorName ?? 'not read yet'}`,
        `**Total:** ${e ? formatMoney(e.total, e.currency) : 'not read yet'}`,
        `**Status:** ${state.status.replace('_', ' ')}${role ? ` (waiting for ${role})` : ''}`,
      ];
    },
    record: async () => {
      const e = details.extracted;
      await database.recordInvoiceProgress({
        invoiceId: input.invoiceId,
        progress: { status: state.status, step: state.step, reason: state.reason, ...(e && { total: e.total, currency: e.currency }) },
      });
    },
    tell: (ending) =>
      database.notifySubmitter({
        workflowId: state.workflowId,
        invoiceId: input.invoiceId,
        submittedBy: input.submittedBy,
        subject: ending.subject,
        body: ending.body ?? ending.message,
      }),
  });

  const desk = new HumanTaskDesk(state, state.workflowId, input.submittedBy, () => {
    upsertSearchAttributes([{ key: PendingRoleKey, value: pendingRole() ?? '' }]);
    run.showDetails();
  });

  await run.guard(
    async () => {
      run.showDetails();
      run.mark('parse', 'Reading the document');
      const parsed = await (reading ?? documentStep).parseDocument({ documentId: input.documentId });
      if (!parsed.ok) throw new Stop<InvoiceReason>('unreadable_document', parsed.message);

      run.mark('classify', 'Classifying the document');
      const classification = await withModelFallback(
        'classify the document',
        aiFallback,
        (steps, provider) => steps.classifyDocument({ documentId: input.documentId, provider }),
        reading,
      );
      details.classification = classification;
      if (!classification.isInvoice) {
        throw new Stop<InvoiceReason>('not_an_invoice', `The document looks like ${classification.documentType}, not an invoice: ${classification.reason}`);
      }

      run.mark('extract', 'Extracting the invoice fields');
      const extracted = await withModelFallback(
        'extract the fields',
        aiFallback,
        (steps, provider) => steps.extractInvoice({ documentId: input.documentId, provider }),
        reading,
      );
      details.extracted = extracted.fields;
      details.extractionProvider = extracted.provider;
      const fields = extracted.fields;
      if (extracted.omittedLineItems !== undefined) {
        throw new Stop<InvoiceReason>(
          'too_many_line_items',
          `The document has at least ${extracted.omittedLineItems} line items, more than the ${input.maxLineItems ?? 'configured number'} an invoice may have (MAX_LINE_ITEMS); split it, or send a summary invoice.`,
        );
      }
      upsertSearchAttributes([
        { key: VendorKey, value: fields.vendorName ?? '' },
        ...(fields.total !== null ? [{ key: InvoiceTotalKey, value: fields.total }] : []),
      ]);
      run.showDetails();
      if (fields.total === null) {
        details.findings.push({ code: 'missing_total', severity: 'error', field: 'total', message: 'No total amount could be read from the document.' });
        throw new Stop<InvoiceReason>('missing_total', 'No total amount could be read from the document; please resubmit a legible invoice.');
      }

      run.mark('validate', 'Validating against the vendor master, purchase orders and arithmetic');
      const validation = await database.validateInvoice({ invoiceId: input.invoiceId, fields, documentId: input.documentId });
      details.findings.push(...validation.findings);
      details.vendorId = validation.vendorId;
      details.purchaseOrderId = validation.purchaseOrderId;

      run.mark('route', 'Routing by the approval rules');
      const route = routeInvoice(fields, details.findings, input.limits);
      details.route = route;
      if (route.outcome === 'reject') {
        throw new Stop<InvoiceReason>(route.rejectReason ?? 'processing_error', route.explanation.join(' '));
      }

      for (const step of route.steps) {
        run.mark('approve', `Waiting for ${step.role} (${step.kind}): ${step.reason}`);
        state.status = 'awaiting_approval';
        await run.publish();
        const record = await desk.request({
          step,
          process: 'invoice',
          subject: `Invoice ${fields.invoiceNumber ?? '(no number)'} from ${fields.vendorName ?? 'unknown vendor'}`,
          amount: route.amount,
          currency: fields.currency,
          timers: input.timers,
          ladder: INVOICE_ESCALATION,
        });
        if (record.status === 'expired') {
          throw new Stop<InvoiceReason>('approval_timeout', `No decision on the ${step.key} step before ${record.dueAt}.`);
        }
        if (record.status === 'rejected') {
          const d = record.decision;
          throw new Stop<InvoiceReason>('rejected_by_approver', `Rejected by ${d?.by ?? 'an approver'} (${step.key})${d?.comment ? `: ${d.comment}` : ''}.`);
        }
        state.status = 'processing';
      }
      if (route.steps.length > 0) await run.publish();

      run.mark('post', 'Posting to the ledger');
      details.ledgerEntry = await database.postInvoice({
        invoiceId: input.invoiceId,
        vendorId: details.vendorId,
        vendorName: fields.vendorName ?? 'unknown vendor',
        invoiceNumber: fields.invoiceNumber,
        purchaseOrderId: details.purchaseOrderId,
        amount: fields.total,
        // Without a currency the invoice was reviewed (missing_currency); XXX is ISO 4217's "no currency".
        currency: fields.currency ?? 'XXX',
      });
      await run.conclude({
        status: 'posted',
        step: 'notify',
        message: 'Posted; notifying the submitter',
        subject: `Invoice ${label()} posted`,
        body: `Invoice ${label()} from ${fields.vendorName ?? 'unknown vendor'} (${formatMoney(fields.total, fields.currency)}) was posted to the ledger as ${details.ledgerEntry.id}.`,
      });
    },
    {
      stopped: (stop) => ({
        status: 'rejected',
        reason: stop.reason,
        message: stop.message,
        step: 'notify',
        subject: `Invoice ${label()} rejected: ${stop.reason}`,
      }),
      cancelled: {
        // Cancelled by an operator (Temporal UI or CLI): close what is open, then say so.
        cleanUp: async () => {
          for (const approval of state.tasks.filter((a) => a.status === 'pending')) {
            approval.status = 'expired';
            await database.closeApprovalTask({ taskId: approval.taskId, expiredAt: run.now() });
          }
        },
        ending: () => ({
          status: 'rejected',
          reason: 'cancelled',
          message: 'Processing was cancelled by an operator.',
          step: state.step,
          subject: `Invoice ${label()} cancelled`,
        }),
      },
      failed: (message, step) => ({
        status: 'failed',
        reason: 'processing_error',
        message,
        step,
        subject: `Invoice ${label()} could not be processed`,
        body: `Processing stopped at the ${step} step: ${message}. The failed run is in the Temporal UI for operations to look at.`,
      }),
      failureType: 'InvoiceProcessingFailed',
      failureLabel: `Invoice ${input.invoiceId}`,
    },
  );
  run.mark('done', `Finished: ${state.status}`);
  run.showDetails();
  // A decision still being checked (one that lost a race) gets its answer before the run closes.
  await condition(allHandlersFinished);
  return state;
}
