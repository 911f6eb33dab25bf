import { z } from 'zod';
import type { ApprovalTimers } from './escalation.js';
import { Finding } from './findings.js';
import { Classification, ExtractedInvoice, InvoiceReason, InvoiceStatus, InvoiceStep, LedgerEntry, RouteDecision } from './invoice.js';
import { RunStatus } from './process.js';

/** Limits the router applies to an invoice's amount. */
export interface RoutingLimits {
  /** Clean invoices strictly below this amount are approved without a person. */
  autoApproveBelow: number;
  /** Invoices up to and including this amount need a manager; above it, a manager and a finance director. */
  managerLimit: number;
}

/** Where an invoice came from. */
export const InvoiceSource = z.enum(['api', 'upload', 'email']);
export type InvoiceSource = z.infer<typeof InvoiceSource>;

/** What the invoice workflow is started with: a reference to the document, never the document. */
export interface InvoiceWorkflowInput {
  invoiceId: string;
  documentId: string;
  submittedBy: string;
  source: InvoiceSource;
  limits: RoutingLimits;
  timers: ApprovalTimers;
  /** The most line items an invoice may have (MAX_LINE_ITEMS), for the rejection message. */
  maxLineItems?: number;
  /** The AI runs in the worker's own process (no OPENAI_API_KEY): the reading steps run as local activities. */
  aiInProcess?: boolean;
}

/** One entry of the workflow's own timeline. */
export const InvoiceTimelineEntry = z.object({ at: z.string(), step: InvoiceStep, message: z.string() });
export type TimelineEntry = z.infer<typeof InvoiceTimelineEntry>;

/** What only an invoice has: its document's reading, validation, route and ledger entry. */
export const InvoiceDetails = z.object({
  source: InvoiceSource,
  classification: Classification.extend({ provider: z.string().describe('The AI provider that classified it') }).nullable(),
  extracted: ExtractedInvoice.nullable(),
  extractionProvider: z.string().nullable(),
  findings: z.array(Finding),
  vendorId: z.string().nullable(),
  purchaseOrderId: z.string().nullable(),
  route: RouteDecision.nullable(),
  ledgerEntry: LedgerEntry.nullable(),
});
export type InvoiceDetails = z.infer<typeof InvoiceDetails>;

/** The whole picture of an invoice, as the `status` query returns it (and the API shows it). */
export const InvoiceState = RunStatus.extend({
  process: z.literal('invoice'),
  status: InvoiceStatus,
  step: InvoiceStep,
  reason: InvoiceReason.nullable(),
  timeline: z.array(InvoiceTimelineEntry),
  details: InvoiceDetails,
});
export type InvoiceState = z.infer<typeof InvoiceState>;
