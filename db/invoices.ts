/** The invoice register: one row per submitted invoice, kept in step with its workflow. */
import type { InvoiceSummary } from '../domain/invoice.js';
import { fromCents, toCents } from '../domain/money.js';
import type { Db } from './connect.js';
import type { InvoicesTable } from './schema.js';
import { updateRunProgress } from './runs.js';
import { nowIso, type Page, transact } from './util.js';

export type { InvoiceSummary } from '../domain/invoice.js';

function toSummary(row: InvoicesTable): InvoiceSummary {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    status: row.status,
    step: row.step,
    submittedBy: row.submitted_by,
    source: row.source,
    vendorId: row.vendor_id,
    vendorName: row.vendor_name,
    invoiceNumber: row.invoice_number,
    total: row.total_cents === null ? null : fromCents(Number(row.total_cents)),
    currency: row.currency,
    reason: row.reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** What registering an invoice takes. */
export interface NewInvoice {
  id: string;
  workflowId: string;
  documentId: string;
  submittedBy: string;
  source: string;
  idempotencyKey: string | null;
}

/**
 * Register an invoice, unless one with the same idempotency key exists: then that one is
 * returned with `created: false`.
 */
export async function registerInvoice(db: Db, input: NewInvoice): Promise<{ invoice: InvoiceSummary; created: boolean }> {
  return transact(db, async (trx) => {
    if (input.idempotencyKey) {
      const existing = await trx.selectFrom('invoices').selectAll().where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
      if (existing) return { invoice: toSummary(existing), created: false };
    }
    const now = nowIso();
    const row: InvoicesTable = {
      id: input.id,
      workflow_id: input.workflowId,
      document_id: input.documentId,
      submitted_by: input.submittedBy,
      source: input.source,
      idempotency_key: input.idempotencyKey,
      status: 'processing',
      step: 'received',
      vendor_id: null,
      vendor_name: null,
      vendor_key: null,
      invoice_number: null,
      invoice_number_key: null,
      total_cents: null,
      currency: null,
      reason: null,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('invoices').values(row).execute();
    return { invoice: toSummary(row), created: true };
  });
}

/** The invoice a submitter's idempotency key names, if any. */
export async function findByIdempotencyKey(db: Db, key: string): Promise<InvoiceSummary | undefined> {
  const row = await db.selectFrom('invoices').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  return row && toSummary(row);
}

/** How many of a submitter's invoices are still in flight (processing or awaiting approval). */
export async function countInFlight(db: Db, submittedBy: string): Promise<number> {
  const { count } = await db
    .selectFrom('invoices')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('submitted_by', '=', submittedBy)
    .where('status', 'in', ['processing', 'awaiting_approval'])
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** An invoice by id. */
export async function getInvoice(db: Db, id: string): Promise<InvoiceSummary | undefined> {
  const row = await db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toSummary(row);
}

/** The id of the document an invoice was submitted with. */
export async function getInvoiceDocumentId(db: Db, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('invoices').select('document_id').where('id', '=', id).executeTakeFirst();
  return row?.document_id;
}

/** Invoices, newest first, optionally of one status, a page at a time. */
export async function listInvoices(db: Db, filter: { status?: string | undefined; limit: number; offset: number }): Promise<Page<InvoiceSummary>> {
  let query = db.selectFrom('invoices');
  if (filter.status) query = query.where('status', '=', filter.status);
  const rows = await query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
  const { count } = await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return { items: rows.map(toSummary), total: Number(count), limit: filter.limit, offset: filter.offset };
}

/** What the workflow reports about an invoice as it moves. */
export interface InvoiceProgress {
  status?: string;
  step?: string;
  vendorId?: string | null;
  vendorName?: string | null;
  vendorKey?: string | null;
  invoiceNumber?: string | null;
  invoiceNumberKey?: string | null;
  total?: number | null;
  currency?: string | null;
  reason?: string | null;
}

/** Statuses that give up an invoice's claim on its vendor + number, so it may be submitted again. */
const RELEASING_STATUSES: readonly string[] = ['rejected', 'failed'];

/**
 * Record an invoice's progress in the register (idempotent: it sets, never adds). Ending rejected
 * or failed releases the invoice's claim on its vendor + number in the same transaction.
 */
export async function updateInvoiceProgress(db: Db, id: string, p: InvoiceProgress): Promise<void> {
  await transact(db, async (trx) => {
    await trx
      .updateTable('invoices')
      .set({
        ...(p.status !== undefined && { status: p.status }),
        ...(p.step !== undefined && { step: p.step }),
        ...(p.vendorId !== undefined && { vendor_id: p.vendorId }),
        ...(p.vendorName !== undefined && { vendor_name: p.vendorName }),
        ...(p.vendorKey !== undefined && { vendor_key: p.vendorKey }),
        ...(p.invoiceNumber !== undefined && { invoice_number: p.invoiceNumber }),
        ...(p.invoiceNumberKey !== undefined && { invoice_number_key: p.invoiceNumberKey }),
        ...(p.total !== undefined && { total_cents: p.total === null ? null : toCents(p.total) }),
        ...(p.currency !== undefined && { currency: p.currency }),
        ...(p.reason !== undefined && { reason: p.reason }),
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .execute();
    if (p.status !== undefined && RELEASING_STATUSES.includes(p.status)) {
      await trx.deleteFrom('invoice_claims').where('invoice_id', '=', id).execute();
    }
    // The shared run register follows the invoice's own.
    await updateRunProgress(trx, 'invoice', id, {
      status: p.status,
      step: p.step,
      reason: p.reason,
      ...(p.invoiceNumber !== undefined && { subject: `Invoice ${p.invoiceNumber ?? id}${p.vendorName ? ` from ${p.vendorName}` : ''}` }),
    });
  });
}

/** The outcome of claiming a vendor + invoice number. */
export type ClaimResult = { won: true } | { won: false; holder: InvoiceSummary };

/**
 * Claim the business key (vendor + normalised number) for an invoice, atomically: of any number of
 * copies racing, exactly one holds it while it is in flight or posted. A claim whose holder ended
 * rejected or failed without releasing it is taken over. Claiming again (a retried activity) wins.
 */
export async function claimInvoiceKey(db: Db, invoiceId: string, vendorKey: string, invoiceNumberKey: string): Promise<ClaimResult> {
  return transact(db, async (trx) => {
    const claim = await trx
      .selectFrom('invoice_claims')
      .select('invoice_id')
      .where('vendor_key', '=', vendorKey)
      .where('invoice_number_key', '=', invoiceNumberKey)
      .executeTakeFirst();
    if (!claim) {
      await trx
        .insertInto('invoice_claims')
        .values({ vendor_key: vendorKey, invoice_number_key: invoiceNumberKey, invoice_id: invoiceId, claimed_at: nowIso() })
        .execute();
      return { won: true };
    }
    if (claim.invoice_id === invoiceId) return { won: true };
    const holder = await trx.selectFrom('invoices').selectAll().where('id', '=', claim.invoice_id).executeTakeFirst();
    if (holder && !RELEASING_STATUSES.includes(holder.status)) return { won: false, holder: toSummary(holder) };
    await trx
      .updateTable('invoice_claims')
      .set({ invoice_id: invoiceId, claimed_at: nowIso() })
      .where('vendor_key', '=', vendorKey)
      .where('invoice_number_key', '=', invoiceNumberKey)
      .execute();
    return { won: true };
  });
}
