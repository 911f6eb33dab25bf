import type { ApprovalRecord, ApprovalTimers, IgnoredDecision } from './approval.js';
import type { Classification, ExtractedInvoice, Finding, InvoiceReason, InvoiceStatus, InvoiceStep, LedgerEntry, RouteDecision } from './invoice.js';

/** Limits the router applies to an invoice's amount. */
export interface RoutingLimits {
  /** Clean invoices strictly below this amount are approved without a person. */
  autoApproveBelow: number;
  /** Invoices up to and including this amount need a manager; above it, a manager and a finance director. */
  managerLimit: number;
}

/** What the invoice workflow is started with: a reference to the document, never the document. */
export interface InvoiceWorkflowInput {
  invoiceId: string;
  documentId: string;
  submittedBy: string;
  source: 'api' | 'upload' | 'email';
  limits: RoutingLimits;
  timers: ApprovalTimers;
  /** The most line items an invoice may have (MAX_LINE_ITEMS), for the rejection message. */
  maxLineItems?: number;
}

/** One entry of the workflow's own timeline. */
export interface TimelineEntry {
  at: string;
  step: InvoiceStep;
  message: string;
}

/** The whole picture of an invoice, as the `status` query returns it. */
export interface InvoiceState {
  invoiceId: string;
  workflowId: string;
  status: InvoiceStatus;
  step: InvoiceStep;
  submittedBy: string;
  source: InvoiceWorkflowInput['source'];
  classification: Classification | null;
  extracted: ExtractedInvoice | null;
  extractionProvider: string | null;
  findings: Finding[];
  vendorId: string | null;
  purchaseOrderId: string | null;
  route: RouteDecision | null;
  approvals: ApprovalRecord[];
  ignoredDecisions: IgnoredDecision[];
  ledgerEntry: LedgerEntry | null;
  reason: InvoiceReason | null;
  reasonMessage: string | null;
  timeline: TimelineEntry[];
  createdAt: string;
  updatedAt: string;
}
