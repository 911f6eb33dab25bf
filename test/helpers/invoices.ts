/** Building invoices for tests and waiting for their workflows. */
import type { Client } from '@temporalio/client';
import { FINAL_INVOICE_STATUSES } from '../../domain/invoice.js';
import type { InvoiceState } from '../../domain/invoice-state.js';
import { submitInvoice } from '../../activities/invoice/submit.js';
import { waitForEnd } from './runs.js';
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

/** Wait for an invoice to finish (posted, rejected or failed) and return its final state. */
export function waitForResult(client: Client, workflowId: string, timeoutMs = 30_000): Promise<InvoiceState> {
  return waitForEnd<InvoiceState>(client, workflowId, (s) => FINAL_INVOICE_STATUSES.includes(s.status), timeoutMs);
}
