/** Validating extracted invoice fields against the vendor master, purchase orders and arithmetic. */
import type { ExtractedInvoice, Finding, ValidationResult } from '../domain/invoice.js';
import { formatMoney, sameAmount, toCents } from '../domain/money.js';
import { matchKey, type Vendor } from '../domain/vendor.js';
import type { Db } from '../db/connect.js';
import { findPurchaseOrderByNumber } from '../db/purchase-orders.js';
import { matchVendor, vendorsInDocument } from '../db/vendors.js';
import { headerIdentifiers } from './invoice/identifiers.js';

function required(fields: ExtractedInvoice): Finding[] {
  const findings: Finding[] = [];
  if (!fields.vendorName && !fields.vendorTaxId) {
    findings.push({ code: 'missing_vendor', severity: 'error', field: 'vendorName', message: 'The document names no vendor.' });
  }
  if (!fields.invoiceNumber) {
    findings.push({ code: 'missing_invoice_number', severity: 'error', field: 'invoiceNumber', message: 'The document has no invoice number.' });
  }
  if (!fields.currency) {
    findings.push({ code: 'missing_currency', severity: 'error', field: 'currency', message: 'The document states no currency.' });
  }
  if (!fields.invoiceDate) {
    findings.push({ code: 'missing_invoice_date', severity: 'warning', field: 'invoiceDate', message: 'The document has no invoice date.' });
  }
  return findings;
}

/** Line amounts, subtotal and total, each checked to the cent. */
export function checkArithmetic(fields: ExtractedInvoice): Finding[] {
  const findings: Finding[] = [];
  fields.lineItems.forEach((line, i) => {
    if (toCents(line.quantity * line.unitPrice) !== toCents(line.amount)) {
      findings.push({
        code: 'line_amount_mismatch',
        severity: 'error',
        field: `lineItems[${i}].amount`,
        message: `Line ${i + 1} ("${line.description}"): ${line.quantity} x ${line.unitPrice} is ${(line.quantity * line.unitPrice).toFixed(2)}, not ${line.amount.toFixed(2)}.`,
      });
    }
  });
  const lineSum = fields.lineItems.reduce((sum, l) => sum + toCents(l.amount), 0) / 100;
  if (fields.lineItems.length > 0 && fields.subtotal !== null && !sameAmount(lineSum, fields.subtotal)) {
    findings.push({
      code: 'subtotal_mismatch',
      severity: 'error',
      field: 'subtotal',
      message: `The lines add up to ${lineSum.toFixed(2)}, but the subtotal is ${fields.subtotal.toFixed(2)}.`,
    });
  }
  const net = fields.subtotal ?? (fields.lineItems.length > 0 ? lineSum : null);
  if (net !== null && fields.total !== null) {
    const expected = (toCents(net) + toCents(fields.tax ?? 0)) / 100;
    if (!sameAmount(expected, fields.total)) {
      findings.push({
        code: 'total_mismatch',
        severity: 'error',
        field: 'total',
        message: `${fields.subtotal !== null ? 'Subtotal' : 'Lines'} ${net.toFixed(2)} + tax ${(fields.tax ?? 0).toFixed(2)} is ${expected.toFixed(2)}, but the total is ${fields.total.toFixed(2)}.`,
      });
    }
  }
  if (fields.invoiceDate && fields.dueDate && fields.dueDate < fields.invoiceDate) {
    findings.push({
      code: 'due_before_invoice_date',
      severity: 'error',
      field: 'dueDate',
      message: `The due date ${fields.dueDate} is before the invoice date ${fields.invoiceDate}.`,
    });
  }
  return findings;
}

/**
 * The vendor of an invoice, from every identifier it carries: the fields read (tax id, then name or
 * alias) and the identifiers in the document's header (a tax id anywhere in it, a name or alias as
 * a whole cell). A blocked vendor identified by any of them blocks the invoice.
 */
async function identifyVendor(db: Db, fields: ExtractedInvoice, documentText: string | undefined): Promise<{ vendor: Vendor | null; findings: Finding[] }> {
  const findings: Finding[] = [];
  const read = await matchVendor(db, fields.vendorTaxId, fields.vendorName);
  const inHeader = documentText ? await vendorsInDocument(db, headerIdentifiers(documentText)) : [];
  const identified = [...(read ? [{ ...read, where: 'the fields read' }] : []), ...inHeader.map((m) => ({ ...m, where: "the document's header" }))];
  const how = (m: (typeof identified)[number]) => `${m.matchedBy.replace('_', ' ')} in ${m.where}`;

  const blocked = identified.find((m) => m.vendor.status === 'blocked');
  if (blocked) {
    findings.push({
      code: 'vendor_blocked',
      severity: 'error',
      field: 'vendorName',
      message: `Vendor ${blocked.vendor.name} is blocked (identified by ${how(blocked)})`,
    });
    return { vendor: blocked.vendor, findings };
  }
  const distinct = [...new Map(identified.map((m) => [m.vendor.id, m])).values()];
  if (distinct.length > 1) {
    findings.push({
      code: 'vendor_ambiguous',
      severity: 'error',
      field: 'vendorName',
      message: `The document identifies more than one vendor: ${distinct.map((m) => `${m.vendor.name} (by ${how(m)})`).join(', ')}.`,
    });
    return { vendor: read?.vendor ?? null, findings };
  }
  const match = distinct[0];
  if (!match) {
    if (fields.vendorName || fields.vendorTaxId) {
      findings.push({
        code: 'vendor_unknown',
        severity: 'error',
        field: 'vendorName',
        message: `No vendor in the vendor master matches ${[fields.vendorTaxId && `tax id ${fields.vendorTaxId}`, fields.vendorName && `name "${fields.vendorName}"`].filter(Boolean).join(' or ')}.`,
      });
    }
    return { vendor: null, findings };
  }
  const vendor = match.vendor;
  findings.push({ code: 'vendor_matched', severity: 'info', field: 'vendorName', message: `Vendor ${vendor.name} (${vendor.id}) matched by ${how(match)}.` });
  if (match.matchedBy !== 'tax_id' && fields.vendorTaxId && vendor.taxId && matchKey(fields.vendorTaxId) !== matchKey(vendor.taxId)) {
    findings.push({
      code: 'vendor_tax_id_mismatch',
      severity: 'error',
      field: 'vendorTaxId',
      message: `The document's tax id ${fields.vendorTaxId} differs from ${vendor.name}'s tax id on file (${vendor.taxId}).`,
    });
  }
  return { vendor, findings };
}

/**
 * Validate an invoice's fields against the vendor master, purchase orders and arithmetic. Reads
 * only: claiming the invoice's business key and registering it are the activity's to do.
 */
export async function validateInvoiceFields(
  db: Db,
  fields: ExtractedInvoice,
  documentText?: string,
): Promise<ValidationResult & { vendorName: string | null }> {
  const findings = required(fields);
  const identified = await identifyVendor(db, fields, documentText);
  findings.push(...identified.findings);
  const vendor = identified.vendor;

  let purchaseOrderId: string | null = null;
  if (fields.poNumber) {
    const po = await findPurchaseOrderByNumber(db, fields.poNumber);
    if (!po) {
      findings.push({ code: 'po_not_found', severity: 'error', field: 'poNumber', message: `Purchase order ${fields.poNumber} does not exist.` });
    } else {
      purchaseOrderId = po.id;
      if (vendor && po.vendorId !== vendor.id) {
        findings.push({
          code: 'po_vendor_mismatch',
          severity: 'error',
          field: 'poNumber',
          message: `Purchase order ${po.number} belongs to ${po.vendorName}, not ${vendor.name}.`,
        });
      }
      if (fields.currency && po.currency !== fields.currency) {
        findings.push({
          code: 'po_currency_mismatch',
          severity: 'error',
          field: 'currency',
          message: `Purchase order ${po.number} is in ${po.currency}, the invoice in ${fields.currency}.`,
        });
      }
      if (fields.total !== null && toCents(po.remaining) < toCents(fields.total)) {
        findings.push({
          code: 'po_insufficient_balance',
          severity: 'error',
          field: 'total',
          message: `Purchase order ${po.number} has ${formatMoney(po.remaining, po.currency)} left, less than the total ${formatMoney(fields.total, fields.currency)}.`,
        });
      }
    }
  } else {
    findings.push({ code: 'no_purchase_order', severity: 'info', field: 'poNumber', message: 'The invoice references no purchase order.' });
  }

  findings.push(...checkArithmetic(fields));
  return { findings, vendorId: vendor?.id ?? null, vendorName: vendor?.name ?? null, vendorStatus: vendor?.status ?? null, purchaseOrderId };
}
