/**
 * Storage guarantees that must hold whatever the workflows do: one claim per vendor + number, one
 * ledger entry per vendor + number, documents stored once per content, and write transactions that
 * do not fail when another process (the API, a second worker) writes to the same database. Run on
 * SQLite here and on PostgreSQL by test/integration/postgres/storage.test.ts.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { openDatabase, type Db } from '../../db/connect.js';
import { migrateTo } from '../../db/migrations.js';
import { listRuns } from '../../db/runs.js';
import type { Database } from '../../db/schema.js';
import { saveDocument } from '../../db/documents.js';
import { claimInvoiceKey, registerInvoice, updateInvoiceProgress } from '../../db/invoices.js';
import { ledgerEntriesForInvoice, postLedgerEntry } from '../../db/ledger.js';
import { claimDueDelivery } from '../../db/deliveries.js';
import { enqueueNotification } from '../../db/notifications.js';
import { createPerson } from '../../db/people.js';
import { createPurchaseOrder, getPurchaseOrder } from '../../db/purchase-orders.js';
import { createVendor } from '../../db/vendors.js';
import { freshPostgresDatabase, testDatabase, testDatabaseKind } from '../helpers/postgres.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const kind = testDatabaseKind();
let db: Db;
let dir: string;
let location: string;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-storage-'));
  location = await testDatabase(dir);
  db = await openDatabase(location);
});
after(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function invoice(id: string): Promise<void> {
  const documentId = await saveDocument(db, { contentType: 'text/plain', content: Buffer.from(`invoice ${id}`) });
  await registerInvoice(db, { id, workflowId: `invoice-${id}`, documentId, submittedBy: 'tester', source: 'api', idempotencyKey: null });
}

test('of many invoices claiming one vendor + number at once, exactly one holds it until it ends rejected', async () => {
  const ids = Array.from({ length: 20 }, (_, i) => `claim-${i}`);
  for (const id of ids) await invoice(id);
  const results = await Promise.all(ids.map((id) => claimInvoiceKey(db, id, 'ven_1', 'inv42')));
  assert.equal(results.filter((r) => r.won).length, 1);
  const winner = ids[results.findIndex((r) => r.won)]!;
  for (const r of results) if (!r.won) assert.equal(r.holder.id, winner);
  assert.equal((await claimInvoiceKey(db, winner, 'ven_1', 'inv42')).won, true, 'claiming again (a retry) still wins');

  await updateInvoiceProgress(db, winner, { status: 'rejected', reason: 'rejected_by_approver' });
  const next = ids.find((id) => id !== winner)!;
  assert.equal((await claimInvoiceKey(db, next, 'ven_1', 'inv42')).won, true, 'a rejected invoice gives the number back');
});

test('the ledger itself refuses a second entry for the same vendor + number', async () => {
  await invoice('led-a');
  await invoice('led-b');
  const entry = { vendorId: 'ven_9', vendorName: 'Acme', invoiceNumber: 'X-1', purchaseOrderId: null, amount: 10, currency: 'EUR' };
  assert.equal((await claimInvoiceKey(db, 'led-a', 'ven_9', 'x1')).won, true);
  await postLedgerEntry(db, { ...entry, invoiceId: 'led-a' });
  // Even if a claim were handed on wrongly, the ledger's unique key stops a second payment.
  await db.updateTable('invoice_claims').set({ invoice_id: 'led-b' }).where('invoice_id', '=', 'led-a').execute();
  await assert.rejects(postLedgerEntry(db, { ...entry, invoiceId: 'led-b' }), /UNIQUE|unique constraint/);
  assert.equal((await ledgerEntriesForInvoice(db, 'led-b')).length, 0);
});

test('a document is stored once per content', async () => {
  const content = Buffer.from('the same invoice, sent twice');
  const [a, b] = await Promise.all([saveDocument(db, { contentType: 'text/plain', content }), saveDocument(db, { contentType: 'text/plain', content })]);
  assert.equal(a, b);
  const { count } = await db
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('id', '=', a)
    .executeTakeFirstOrThrow();
  assert.equal(Number(count), 1);
});

// Databases from before the run register exist only as SQLite files.
if (kind === 'sqlite')
  test('upgrading a database lists the invoices already in it in the run register', async () => {
    const oldFile = path.join(dir, 'old.db');
    const old = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(oldFile) }) });
    await migrateTo(old as Kysely<unknown>, '0002_trust');
    await old
      .insertInto('documents')
      .values({
        id: 'doc_old',
        content_type: 'text/plain',
        filename: null,
        size_bytes: 1,
        sha256: 'x',
        content: Buffer.from('x'),
        text: null,
        created_at: '2026-01-01T00:00:00Z',
      })
      .execute();
    await old
      .insertInto('invoices')
      .values({
        id: 'old-1',
        workflow_id: 'invoice-old-1',
        document_id: 'doc_old',
        submitted_by: 'ann',
        source: 'api',
        idempotency_key: null,
        status: 'posted',
        step: 'done',
        vendor_id: null,
        vendor_name: 'Acme',
        vendor_key: null,
        invoice_number: 'INV-9',
        invoice_number_key: null,
        total_cents: 100,
        currency: 'EUR',
        reason: null,
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-02T00:00:00Z',
      })
      .execute();
    await old.destroy();
    const upgraded = await openDatabase(oldFile);
    try {
      const { items } = await listRuns(upgraded, { limit: 10, offset: 0 });
      assert.deepEqual(
        items.map((r) => [r.process, r.id, r.status, r.subject, r.submittedBy]),
        [['invoice', 'old-1', 'posted', 'Invoice INV-9 from Acme', 'ann']],
      );
    } finally {
      await upgraded.destroy();
    }
  });

/** Another process writing to the same database file, one row each time it is asked. */
function otherWriter(dbFile: string): { ask(): Promise<string>; stop(): void } {
  const code = `
    import Database from 'better-sqlite3';
    import { createInterface } from 'node:readline';
    const db = new Database(${JSON.stringify(dbFile)});
    db.pragma('busy_timeout = 5000');
    let n = 0;
    for await (const _ of createInterface({ input: process.stdin })) {
      try {
        db.prepare("insert into notifications (id, key, workflow_id, channel, recipient, subject, body, created_at) values (?, ?, null, 'inbox', 'x', 's', 'b', 'now')").run('w' + n, 'other-writer-' + n);
        n++;
        console.log('ok');
      } catch (error) {
        console.log('error ' + error.code);
      }
    }`;
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    ask: async () => {
      child.stdin.write('write\n');
      return (await lines.next()).value as string;
    },
    stop: () => child.kill(),
  };
}

if (kind === 'sqlite')
  test('a write transaction that reads first does not fail when another process commits in between', async () => {
    const writer = otherWriter(location);
    try {
      assert.equal(await writer.ask(), 'ok', 'the other process can write');
      let otherAnswer: Promise<string> | undefined;
      await db.transaction().execute(async (trx) => {
        await trx.selectFrom('ledger_entries').selectAll().execute();
        // The other process writes now. A deferred transaction would let it commit and then fail
        // its own write (SQLITE_BUSY_SNAPSHOT); an immediate one makes the other writer wait.
        otherAnswer = writer.ask();
        const early = await Promise.race([otherAnswer, new Promise((r) => setTimeout(() => r('waiting'), 300))]);
        assert.equal(early, 'waiting', 'the other writer waits for this transaction');
        await trx
          .insertInto('notifications')
          .values({ id: 'mine', key: 'mine', workflow_id: null, channel: 'inbox', recipient: 'x', subject: 's', body: 'b', created_at: 'now' })
          .execute();
      });
      assert.equal(await otherAnswer, 'ok', 'and writes once this one has committed');
    } finally {
      writer.stop();
    }
  });

test('several processes writing at once: one claim, one ledger entry per invoice, no lost PO update, one invoice per idempotency key, one relay per delivery', async () => {
  // On PostgreSQL separate handles are separate connections, as the API and the workers are separate
  // processes. SQLite's driver is synchronous: a second handle in this process would block the one
  // holding the lock, so SQLite shares one handle here (other processes are the test above).
  const handles = kind === 'postgres' ? await Promise.all([1, 2, 3, 4].map(() => openDatabase(location))) : [db, db, db, db];
  try {
    const vendor = await createVendor(db, { name: 'Concurrent AG' });
    const po = await createPurchaseOrder(db, { number: 'PO-RACE', vendorId: vendor.id, amount: 10_000, currency: 'EUR' });
    const ids = Array.from({ length: 12 }, (_, i) => `race-${i}`);
    for (const id of ids) await invoice(id);

    const claims = await Promise.all(ids.map((id, i) => claimInvoiceKey(handles[i % 4]!, id, vendor.id, 'race-number')));
    assert.equal(claims.filter((c) => c.won).length, 1, 'one invoice holds the vendor + number');

    // Every invoice posted three times at once (retries on other workers), all against one PO.
    const posts = await Promise.all(
      ids.flatMap((id, i) =>
        [0, 1, 2].map((n) =>
          postLedgerEntry(handles[(i + n) % 4]!, {
            invoiceId: id,
            vendorId: vendor.id,
            vendorName: vendor.name,
            invoiceNumber: `N-${i}`,
            purchaseOrderId: po.id,
            amount: 100 + i,
            currency: 'EUR',
          }),
        ),
      ),
    );
    assert.equal(posts.filter((p) => p.created).length, ids.length, 'one entry per invoice');
    for (const id of ids) assert.equal((await ledgerEntriesForInvoice(db, id)).length, 1);
    const posted = ids.reduce((sum, _, i) => sum + 100 + i, 0);
    assert.equal((await getPurchaseOrder(db, po.id))?.remaining, 10_000 - posted, 'every reduction of the PO counted once');

    const documentId = await saveDocument(db, { contentType: 'text/plain', content: Buffer.from('idempotent') });
    const registered = await Promise.all(
      handles.flatMap((h, i) =>
        [0, 1].map((n) =>
          registerInvoice(h, {
            id: `idem-${i}-${n}`,
            workflowId: `invoice-idem-${i}-${n}`,
            documentId,
            submittedBy: 'tester',
            source: 'api',
            idempotencyKey: 'same-key',
          }),
        ),
      ),
    );
    assert.equal(registered.filter((r) => r.created).length, 1, 'one invoice for the key');
    assert.equal(new Set(registered.map((r) => r.invoice.id)).size, 1, 'every caller is given that invoice');

    await createPerson(db, { user: 'racer', name: 'Racer', roles: ['oncall'], email: 'racer@example.com', channels: ['email'] });
    for (let i = 0; i < 20; i++)
      await enqueueNotification(db, { key: `race-${i}`, workflowId: null, channel: 'email', recipient: 'racer', subject: `S${i}`, body: 'b' });
    const claimed: string[] = [];
    await Promise.all(
      handles.map(async (h) => {
        for (let d = await claimDueDelivery(h, 60_000); d; d = await claimDueDelivery(h, 60_000)) claimed.push(d.id);
      }),
    );
    assert.equal(claimed.length, 20, 'every delivery claimed');
    assert.equal(new Set(claimed).size, 20, 'by one relay only');
  } finally {
    if (kind === 'postgres') await Promise.all(handles.map((h) => h.destroy()));
  }
});

// Several processes starting at once against a new PostgreSQL database (a deployment's first start) migrate it once.
if (kind === 'postgres')
  test('several processes opening a new database at once migrate it once, and all of them start', async () => {
    const fresh = await freshPostgresDatabase();
    const handles = await Promise.all([1, 2, 3, 4].map(() => openDatabase(fresh)));
    try {
      const applied = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(handles[0]!);
      const again = await sql<{ name: string }>`select name from kysely_migration group by name having count(*) > 1`.execute(handles[1]!);
      assert.ok(Number(applied.rows[0]!.n) > 0);
      assert.deepEqual(again.rows, [], 'no migration applied twice');
      assert.equal(Number((await listRuns(handles[2]!, { limit: 1, offset: 0 })).total), 0, 'the schema is there for each');
    } finally {
      await Promise.all(handles.map((h) => h.destroy()));
    }
  });
