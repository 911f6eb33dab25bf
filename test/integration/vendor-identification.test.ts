/**
 * A vendor is identified by every identifier its document carries: a tax id anywhere in the
 * header, a name or alias as printed, whatever the reader made of the vendor fields. A blocked
 * vendor identified by any of them blocks the invoice.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { validateInvoiceFields } from '../../activities/validation.js';
import { openDatabase, type Db } from '../../db/connect.js';
import { createVendor } from '../../db/vendors.js';
import type { ExtractedInvoice } from '../../domain/invoice.js';
import { testDatabase } from '../helpers/postgres.js';

let db: Db;
let dir: string;
let location: string;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-vendors-'));
  location = await testDatabase(dir);
  db = await openDatabase(location);
  await createVendor(db, { name: 'Northwind Traders Ltd', taxId: 'GB555123499', aliases: ['Northwind'], status: 'blocked' });
  await createVendor(db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111', aliases: ['ACME Europe'] });
  await createVendor(db, { name: 'Globex Corporation', taxId: 'US-99-1234567' });
});
after(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

const fields = (over: Partial<ExtractedInvoice>): ExtractedInvoice => ({
  vendorName: null,
  vendorTaxId: null,
  invoiceNumber: `N-${Math.random()}`,
  invoiceDate: '2026-03-01',
  dueDate: null,
  currency: 'EUR',
  poNumber: null,
  lineItems: [],
  subtotal: null,
  tax: null,
  total: 100,
  ...over,
});

async function validate(text: string, read: Partial<ExtractedInvoice>) {
  return validateInvoiceFields(db, fields(read), text);
}

const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

test('a blocked vendor’s tax id on the same line as a name the master does not know blocks the invoice', async () => {
  const text = 'Northwind Trading Group | GB 555 1234 99\nINVOICE\nInvoice No: 1\nTotal: 100.00 EUR';
  const result = await validate(text, { vendorName: 'Northwind Trading Group | GB 555 1234 99' });
  assert.ok(codes(result).includes('vendor_blocked'), JSON.stringify(result.findings));
  assert.match(result.findings.find((f) => f.code === 'vendor_blocked')!.message, /tax id in the document's header/);
});

test('a blocked vendor’s alias as a cell of the header blocks the invoice even when the fields name another', async () => {
  const text = 'Acme Supplies GmbH\nTrading as:   Northwind\nINVOICE\nInvoice No: 2\nTotal: 100.00 EUR';
  const result = await validate(text, { vendorName: 'Acme Supplies GmbH' });
  assert.ok(codes(result).includes('vendor_blocked'));
});

test('a tax id in the header identifies a vendor the fields did not name', async () => {
  const text = 'Some Trading Name\nUSt-IdNr DE 811 111 111\nINVOICE\nInvoice No: 3\nTotal: 100.00 EUR';
  const result = await validate(text, { vendorName: 'Some Trading Name' });
  assert.deepEqual(
    codes(result).filter((c) => c.startsWith('vendor_')),
    ['vendor_matched'],
  );
  assert.equal(result.vendorId !== null, true);
});

test('two vendors identified by one document go to a person, not to either vendor', async () => {
  const text = 'Acme Supplies GmbH\nVAT: US-99-1234567\nINVOICE\nInvoice No: 4\nTotal: 100.00 EUR';
  const result = await validate(text, { vendorName: 'Acme Supplies GmbH' });
  assert.ok(codes(result).includes('vendor_ambiguous'));
});

test('identifiers in the customer’s block do not identify the vendor', async () => {
  const text = 'Acme Supplies GmbH\nVAT ID: DE811111111\n\nBill To:\nNorthwind Traders Ltd\nVAT: GB 555 1234 99\n\nINVOICE\nInvoice No: 5\nTotal: 100.00 EUR';
  const result = await validate(text, { vendorName: 'Acme Supplies GmbH', vendorTaxId: 'DE811111111' });
  assert.deepEqual(
    codes(result).filter((c) => c.startsWith('vendor_')),
    ['vendor_matched'],
  );
});
