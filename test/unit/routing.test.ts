import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExtractedInvoice, Finding } from '../../domain/invoice.js';
import { approvalAmount, routeInvoice } from '../../domain/routing.js';

const limits = { autoApproveBelow: 1000, managerLimit: 10000 };
const invoice = (total: number, extra: Partial<ExtractedInvoice> = {}): ExtractedInvoice => ({
  vendorName: 'Acme',
  vendorTaxId: null,
  invoiceNumber: '1',
  invoiceDate: '2026-01-01',
  dueDate: '2026-02-01',
  currency: 'EUR',
  poNumber: null,
  lineItems: [],
  subtotal: null,
  tax: null,
  total,
  ...extra,
});
const error = (code: string): Finding => ({ code, message: code, severity: 'error' });

test('clean invoices below the auto-approval limit need nobody', () => {
  const r = routeInvoice(invoice(999.99), [], limits);
  assert.equal(r.outcome, 'auto_approve');
  assert.deepEqual(r.steps, []);
});

test('from the auto-approval limit up to the manager limit a manager approves; above it, a manager then a finance director', () => {
  assert.deepEqual(
    routeInvoice(invoice(1000), [], limits).steps.map((s) => s.role),
    ['manager'],
  );
  assert.deepEqual(
    routeInvoice(invoice(10000), [], limits).steps.map((s) => s.role),
    ['manager'],
  );
  assert.deepEqual(
    routeInvoice(invoice(10000.01), [], limits).steps.map((s) => s.role),
    ['manager', 'finance_director'],
  );
});

test('validation errors add an AP clerk review (comment required) before the amount approvals', () => {
  const r = routeInvoice(invoice(5000), [error('vendor_unknown')], limits);
  assert.deepEqual(
    r.steps.map((s) => [s.role, s.kind, s.requireComment]),
    [
      ['ap_clerk', 'review', true],
      ['manager', 'approval', false],
    ],
  );
  const small = routeInvoice(invoice(50), [error('po_not_found')], limits);
  assert.deepEqual(
    small.steps.map((s) => s.role),
    ['ap_clerk'],
  );
});

test('warnings and info findings do not need a person', () => {
  const r = routeInvoice(
    invoice(10),
    [
      { code: 'no_purchase_order', message: '', severity: 'info' },
      { code: 'ai_fallback', message: '', severity: 'warning' },
    ],
    limits,
  );
  assert.equal(r.outcome, 'auto_approve');
});

test('duplicates and blocked vendors are rejected without review', () => {
  assert.equal(routeInvoice(invoice(10), [error('duplicate_invoice')], limits).rejectReason, 'duplicate_invoice');
  assert.equal(routeInvoice(invoice(10), [error('vendor_blocked'), error('vendor_unknown')], limits).rejectReason, 'vendor_blocked');
});

test('an understated total cannot lower the approvals: the largest stated amount counts', () => {
  const lying = invoice(10, { subtotal: 20000, tax: 0, lineItems: [{ description: 'x', quantity: 1, unitPrice: 20000, amount: 20000 }] });
  assert.equal(approvalAmount(lying), 20000);
  assert.deepEqual(
    routeInvoice(lying, [], limits).steps.map((s) => s.role),
    ['manager', 'finance_director'],
  );
});

test('an unknown amount gets the full chain', () => {
  const r = routeInvoice({ ...invoice(0), total: null }, [], limits);
  assert.deepEqual(
    r.steps.map((s) => s.role),
    ['manager', 'finance_director'],
  );
});
