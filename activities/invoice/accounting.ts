/** Validating, registering and posting invoices, and telling their submitters. */
import { log } from '@temporalio/activity';
import { invoiceBusinessKey, type ExtractedInvoice, type LedgerEntry, type ValidationResult } from '../../domain/invoice.js';
import { sideEffectKey } from '../../domain/ids.js';
import { claimInvoiceKey, updateInvoiceProgress, type InvoiceProgress } from '../../db/invoices.js';
import { postLedgerEntry, type NewLedgerEntry } from '../../db/ledger.js';
import { enqueueNotification } from '../../db/notifications.js';
import type { ActivityDeps } from '../deps.js';
import { validateInvoiceFields } from '../validation.js';
import { documentText } from './reading.js';

/** The activities of an invoice's accounting side. */
export function accountingActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    /**
     * Check the fields against the vendor master, purchase orders and arithmetic; register the
     * invoice's vendor and number, and claim them so that of copies in flight exactly one goes on.
     */
    async validateInvoice(input: { invoiceId: string; fields: ExtractedInvoice; documentId?: string }): Promise<ValidationResult> {
      // Runs recorded before the header was read pass no document: they validate the fields only.
      const text = input.documentId ? await documentText(deps, input.documentId) : undefined;
      const { vendorName, ...result } = await validateInvoiceFields(db, input.fields, text);
      const { fields, invoiceId } = input;
      const key = invoiceBusinessKey(result.vendorId, fields.vendorName, fields.invoiceNumber);
      await updateInvoiceProgress(db, invoiceId, {
        vendorId: result.vendorId,
        vendorName: vendorName ?? fields.vendorName,
        vendorKey: key?.vendorKey ?? null,
        invoiceNumber: fields.invoiceNumber,
        invoiceNumberKey: key?.numberKey ?? null,
        total: fields.total,
        currency: fields.currency,
      });
      if (key) {
        // The claim, not a look-around: of copies racing through validation exactly one wins.
        const claim = await claimInvoiceKey(db, invoiceId, key.vendorKey, key.numberKey);
        if (!claim.won) {
          result.findings.push({
            code: 'duplicate_invoice',
            severity: 'error',
            field: 'invoiceNumber',
            message: `Invoice ${fields.invoiceNumber} from ${vendorName ?? fields.vendorName} was already submitted as ${claim.holder.id} (${claim.holder.status})`,
          });
        }
      }
      return result;
    },
    /** Record an invoice's status in the register the API lists from. */
    async recordInvoiceProgress(input: { invoiceId: string; progress: InvoiceProgress }): Promise<void> {
      await updateInvoiceProgress(db, input.invoiceId, input.progress);
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
