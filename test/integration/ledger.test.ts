/** Posting is exactly once, even when the posting step runs again (a retry, a worker that died mid-step). */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openDatabase, type Db } from '../../db/connect.js';
import { ledgerEntriesForInvoice, postLedgerEntry } from '../../db/ledger.js';
import { createPurchaseOrder, getPurchaseOrder } from '../../db/purchase-orders.js';
import { createVendor, matchVendor } from '../../db/vendors.js';
import { testDatabase } from '../helpers/postgres.js';

let db: Db;
let dir: string;
let location: string;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-ledger-'));
  location = await testDatabase(dir);
  db = await openDatabase(location);
});
after(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('posting the same invoice again, even concurrently, creates one entry and reduces the PO once', async () => {
  const vendor = await createVendor(db, { name: 'Acme GmbH', taxId: 'DE1' });
  const po = await createPurchaseOrder(db, { number: 'PO-L1', vendorId: vendor.id, amount: 1000, currency: 'EUR' });
  const entry = {
    invoiceId: 'inv-1',
    vendorId: vendor.id,
    vendorName: vendor.name,
    invoiceNumber: 'L-1',
    purchaseOrderId: po.id,
    amount: 250.5,
    currency: 'EUR',
  };
  const results = await Promise.all([postLedgerEntry(db, entry), postLedgerEntry(db, entry), postLedgerEntry(db, entry)]);
  assert.equal(results.filter((r) => r.created).length, 1);
  assert.equal(new Set(results.map((r) => r.entry.id)).size, 1);
  assert.equal((await ledgerEntriesForInvoice(db, 'inv-1')).length, 1);
  assert.equal((await getPurchaseOrder(db, po.id))?.remaining, 749.5);
});

test('the database survives a reopen (a restart) with everything in it', async () => {
  await db.destroy();
  db = await openDatabase(location);
  assert.equal((await ledgerEntriesForInvoice(db, 'inv-1')).length, 1);
});

test('vendors are found by tax id, name or alias, ignoring case and punctuation', async () => {
  const v = await createVendor(db, { name: 'Globex Corporation', taxId: 'US 12-345', aliases: ['Globex Corp.', 'GLOBEX'] });
  assert.equal((await matchVendor(db, 'us12345', null))?.vendor.id, v.id);
  assert.equal((await matchVendor(db, null, 'globex corporation'))?.matchedBy, 'name');
  assert.equal((await matchVendor(db, null, 'GLOBEX CORP'))?.matchedBy, 'alias');
  assert.equal(await matchVendor(db, null, 'Initech'), undefined);
  await assert.rejects(createVendor(db, { name: 'globex, corporation' }), /already uses/);
});
