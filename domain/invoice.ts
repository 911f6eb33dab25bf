import { z } from 'zod';
import { Finding } from './findings.js';
import { HumanTaskPlan } from './approval.js';
import { matchKey } from './vendor.js';

/** An ISO 8601 calendar date, YYYY-MM-DD. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

/** One line of an invoice. */
export const LineItem = z.object({
  description: z.string(),
  quantity: z.number(),
  unitPrice: z.number(),
  amount: z.number(),
});
export type LineItem = z.infer<typeof LineItem>;

/**
 * The fields extracted from an invoice document. Every field the document may lack is
 * nullable rather than optional, so both AI providers return the same shape and
 * structured outputs can require every key.
 */
export const ExtractedInvoice = z.object({
  vendorName: z.string().nullable(),
  vendorTaxId: z.string().nullable(),
  invoiceNumber: z.string().nullable(),
  invoiceDate: IsoDate.nullable(),
  dueDate: IsoDate.nullable(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code')
    .nullable(),
  poNumber: z.string().nullable(),
  lineItems: z.array(LineItem),
  subtotal: z.number().nullable(),
  tax: z.number().nullable(),
  total: z.number().nullable(),
});
export type ExtractedInvoice = z.infer<typeof ExtractedInvoice>;

/** What the classifier says a document is. */
export const Classification = z.object({
  isInvoice: z.boolean(),
  documentType: z.string(),
  confidence: z.number().min(0).max(1),
  reason: z.string(),
});
export type Classification = z.infer<typeof Classification>;

export { Finding, Severity } from './findings.js';

/** Where an invoice is in its life. */
export const InvoiceStatus = z.enum(['processing', 'awaiting_approval', 'posted', 'rejected', 'failed']);
export type InvoiceStatus = z.infer<typeof InvoiceStatus>;

/** Statuses after which nothing more happens to an invoice. */
export const FINAL_INVOICE_STATUSES: readonly InvoiceStatus[] = ['posted', 'rejected', 'failed'];

/** Why an invoice was rejected or failed; stable codes a client can branch on. */
export const InvoiceReason = z.enum([
  'unreadable_document',
  'not_an_invoice',
  'missing_total',
  'duplicate_invoice',
  'vendor_blocked',
  'rejected_by_approver',
  'approval_timeout',
  'cancelled',
  'too_many_line_items',
  'processing_error',
]);
export type InvoiceReason = z.infer<typeof InvoiceReason>;

/** The steps an invoice goes through, in order. */
export const InvoiceStep = z.enum(['received', 'parse', 'classify', 'extract', 'validate', 'route', 'approve', 'post', 'notify', 'done']);
export type InvoiceStep = z.infer<typeof InvoiceStep>;

/** The content types a document upload may have. */
export const DOCUMENT_CONTENT_TYPES = ['text/plain', 'application/pdf', 'message/rfc822'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

/** An entry in the accounts-payable ledger. */
export const LedgerEntry = z.object({
  id: z.string(),
  invoiceId: z.string(),
  vendorId: z.string().nullable(),
  vendorName: z.string(),
  invoiceNumber: z.string().nullable(),
  purchaseOrderId: z.string().nullable(),
  amount: z.number(),
  currency: z.string(),
  postedAt: z.string(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

/** An approval step the router asks for: a human task of kind review or approval. */
export const ApprovalStepPlan = HumanTaskPlan;
export type ApprovalStepPlan = HumanTaskPlan;

/** What the routing rules decided, and why. */
export const RouteDecision = z.object({
  outcome: z.enum(['auto_approve', 'approval', 'reject']),
  rejectReason: InvoiceReason.optional(),
  amount: z.number().nullable(),
  steps: z.array(ApprovalStepPlan),
  explanation: z.array(z.string()),
});
export type RouteDecision = z.infer<typeof RouteDecision>;

/** An invoice as the register lists it (kept in step with its workflow). */
export const InvoiceSummary = z.object({
  id: z.string(),
  workflowId: z.string(),
  status: z.string(),
  step: z.string(),
  submittedBy: z.string(),
  source: z.string(),
  vendorId: z.string().nullable(),
  vendorName: z.string().nullable(),
  invoiceNumber: z.string().nullable(),
  total: z.number().nullable(),
  currency: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type InvoiceSummary = z.infer<typeof InvoiceSummary>;

/** The outcome of validating an invoice. */
export const ValidationResult = z.object({
  findings: z.array(Finding),
  vendorId: z.string().nullable(),
  vendorStatus: z.enum(['active', 'blocked']).nullable(),
  purchaseOrderId: z.string().nullable(),
});
export type ValidationResult = z.infer<typeof ValidationResult>;

/**
 * The business key of an invoice: the vendor (its id when it is in the vendor master, else its
 * name's match key) and the invoice number's match key. Null when the document lacks either.
 */
export function invoiceBusinessKey(
  vendorId: string | null,
  vendorName: string | null,
  invoiceNumber: string | null,
): { vendorKey: string; numberKey: string } | null {
  const vendorKey = vendorId ?? (vendorName ? matchKey(vendorName) : '');
  const numberKey = invoiceNumber ? matchKey(invoiceNumber) : '';
  return vendorKey && numberKey ? { vendorKey, numberKey } : null;
}
