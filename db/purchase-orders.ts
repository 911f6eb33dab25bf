/** Purchase orders and their remaining balance. */
import { fromCents, toCents } from '../domain/money.js';
import { matchKey, type PurchaseOrder } from '../domain/vendor.js';
import type { Db } from './connect.js';
import { ConflictError, newId, nowIso, type Page } from './util.js';

/** What creating a purchase order takes; the vendor is already resolved. */
export interface NewPurchaseOrder {
  number: string;
  vendorId: string;
  amount: number;
  currency: string;
}

const columns = [
  'purchase_orders.id',
  'purchase_orders.number',
  'purchase_orders.vendor_id',
  'purchase_orders.amount_cents',
  'purchase_orders.remaining_cents',
  'purchase_orders.currency',
  'purchase_orders.created_at',
  'vendors.name as vendor_name',
] as const;

interface Row {
  id: string;
  number: string;
  vendor_id: string;
  amount_cents: number;
  remaining_cents: number;
  currency: string;
  created_at: string;
  vendor_name: string;
}

function toPurchaseOrder(row: Row): PurchaseOrder {
  return {
    id: row.id,
    number: row.number,
    vendorId: row.vendor_id,
    vendorName: row.vendor_name,
    amount: fromCents(Number(row.amount_cents)),
    remaining: fromCents(Number(row.remaining_cents)),
    currency: row.currency,
    createdAt: row.created_at,
  };
}

function selectOrders(db: Db) {
  return db.selectFrom('purchase_orders').innerJoin('vendors', 'vendors.id', 'purchase_orders.vendor_id').select(columns);
}

/** Create a purchase order; its whole amount is remaining. A number already used is a conflict. */
export async function createPurchaseOrder(db: Db, input: NewPurchaseOrder): Promise<PurchaseOrder> {
  const numberKey = matchKey(input.number);
  const clash = await db.selectFrom('purchase_orders').select('id').where('number_key', '=', numberKey).executeTakeFirst();
  if (clash) throw new ConflictError(`Purchase order ${input.number} already exists`, 'number');
  const id = newId('po');
  await db
    .insertInto('purchase_orders')
    .values({
      id,
      number: input.number.trim(),
      number_key: numberKey,
      vendor_id: input.vendorId,
      amount_cents: toCents(input.amount),
      remaining_cents: toCents(input.amount),
      currency: input.currency,
      created_at: nowIso(),
    })
    .execute();
  return toPurchaseOrder(await selectOrders(db).where('purchase_orders.id', '=', id).executeTakeFirstOrThrow());
}

/** A purchase order by its number as printed on a document (case and punctuation ignored). */
export async function findPurchaseOrderByNumber(db: Db, number: string): Promise<PurchaseOrder | undefined> {
  const row = await selectOrders(db).where('purchase_orders.number_key', '=', matchKey(number)).executeTakeFirst();
  return row && toPurchaseOrder(row);
}

/** A purchase order by id. */
export async function getPurchaseOrder(db: Db, id: string): Promise<PurchaseOrder | undefined> {
  const row = await selectOrders(db).where('purchase_orders.id', '=', id).executeTakeFirst();
  return row && toPurchaseOrder(row);
}

/** Purchase orders, newest first, a page at a time. */
export async function listPurchaseOrders(db: Db, limit: number, offset: number): Promise<Page<PurchaseOrder>> {
  const rows = await selectOrders(db).orderBy('purchase_orders.created_at', 'desc').orderBy('purchase_orders.id').limit(limit).offset(offset).execute();
  const { count } = await db
    .selectFrom('purchase_orders')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return { items: rows.map((r) => toPurchaseOrder(r)), total: Number(count), limit, offset };
}
