/** The accounts-payable ledger. Posting is one transaction and happens once per invoice. */
import type { LedgerEntry } from '../domain/invoice.js';
import { fromCents, toCents } from '../domain/money.js';
import type { Db } from './connect.js';
import type { LedgerEntriesTable } from './schema.js';
import { newId, nowIso, transact } from './util.js';

function toEntry(row: LedgerEntriesTable): LedgerEntry {
  return {
    id: row.id,
    invoiceId: row.invoice_id,
    vendorId: row.vendor_id,
    vendorName: row.vendor_name,
    invoiceNumber: row.invoice_number,
    purchaseOrderId: row.purchase_order_id,
    amount: fromCents(Number(row.amount_cents)),
    currency: row.currency,
    postedAt: row.posted_at,
  };
}

/** What posting an invoice takes. */
export interface NewLedgerEntry {
  invoiceId: string;
  vendorId: string | null;
  vendorName: string;
  invoiceNumber: string | null;
  purchaseOrderId: string | null;
  amount: number;
  currency: string;
}

/**
 * Post a payables entry and reduce the purchase order's remaining balance in the same
 * transaction. Posting an invoice that is already posted returns the existing entry and
 * changes nothing, so a retried or re-run activity never posts twice. A second invoice with the
 * same vendor and number is refused by the ledger's unique business key, whatever came before.
 */
export async function postLedgerEntry(db: Db, input: NewLedgerEntry): Promise<{ entry: LedgerEntry; created: boolean }> {
  return transact(db, async (trx) => {
    const existing = await trx.selectFrom('ledger_entries').selectAll().where('invoice_id', '=', input.invoiceId).executeTakeFirst();
    if (existing) return { entry: toEntry(existing), created: false };
    // The entry carries the business key this invoice claimed at validation (none without a number).
    const claim = await trx
      .selectFrom('invoice_claims')
      .select(['vendor_key', 'invoice_number_key'])
      .where('invoice_id', '=', input.invoiceId)
      .executeTakeFirst();
    const row: LedgerEntriesTable = {
      id: newId('led'),
      vendor_key: claim?.vendor_key ?? null,
      invoice_number_key: claim?.invoice_number_key ?? null,
      invoice_id: input.invoiceId,
      vendor_id: input.vendorId,
      vendor_name: input.vendorName,
      invoice_number: input.invoiceNumber,
      purchase_order_id: input.purchaseOrderId,
      amount_cents: toCents(input.amount),
      currency: input.currency,
      posted_at: nowIso(),
    };
    await trx.insertInto('ledger_entries').values(row).execute();
    if (input.purchaseOrderId) {
      await trx
        .updateTable('purchase_orders')
        .set((eb) => ({ remaining_cents: eb('remaining_cents', '-', row.amount_cents) }))
        .where('id', '=', input.purchaseOrderId)
        .execute();
    }
    return { entry: toEntry(row), created: true };
  });
}

/** Every ledger entry of an invoice (there is never more than one). */
export async function ledgerEntriesForInvoice(db: Db, invoiceId: string): Promise<LedgerEntry[]> {
  const rows = await db.selectFrom('ledger_entries').selectAll().where('invoice_id', '=', invoiceId).execute();
  return rows.map(toEntry);
}
