/** The vendor master: vendors, their aliases and tax ids, and lookups by any of them. */
import { matchKey, type Vendor, type VendorStatus } from '../domain/vendor.js';
import type { Db } from './connect.js';
import type { VendorsTable } from './schema.js';
import { ConflictError, newId, nowIso, type Page, transact } from './util.js';

/** What creating a vendor takes. */
export interface NewVendor {
  name: string;
  taxId?: string | undefined;
  aliases?: string[] | undefined;
  status?: VendorStatus | undefined;
}

function toVendor(row: VendorsTable): Vendor {
  return {
    id: row.id,
    name: row.name,
    taxId: row.tax_id,
    aliases: JSON.parse(row.aliases) as string[],
    status: row.status,
    createdAt: row.created_at,
  };
}

/** Create a vendor; a name, alias or tax id another vendor already uses is a conflict. */
export async function createVendor(db: Db, input: NewVendor): Promise<Vendor> {
  const aliases = [...new Set((input.aliases ?? []).map((a) => a.trim()).filter(Boolean))];
  const keys: { key: string; kind: 'name' | 'alias' | 'tax_id'; field: string }[] = [
    { key: matchKey(input.name), kind: 'name', field: 'name' },
    ...aliases.map((a) => ({ key: matchKey(a), kind: 'alias' as const, field: 'aliases' })),
  ];
  const taxIdKey = input.taxId ? matchKey(input.taxId) : null;
  if (taxIdKey) keys.push({ key: taxIdKey, kind: 'tax_id', field: 'taxId' });

  return transact(db, async (trx) => {
    for (const k of keys) {
      const clash = await trx.selectFrom('vendor_keys').select('vendor_id').where('key', '=', k.key).executeTakeFirst();
      if (clash) throw new ConflictError(`Another vendor (${clash.vendor_id}) already uses this ${k.kind.replace('_', ' ')}`, k.field);
    }
    const row: VendorsTable = {
      id: newId('ven'),
      name: input.name.trim(),
      tax_id: input.taxId?.trim() || null,
      tax_id_key: taxIdKey,
      aliases: JSON.stringify(aliases),
      status: input.status ?? 'active',
      created_at: nowIso(),
    };
    await trx.insertInto('vendors').values(row).execute();
    const unique = new Map(keys.map((k) => [k.key, k]));
    await trx
      .insertInto('vendor_keys')
      .values([...unique.values()].map((k) => ({ key: k.key, vendor_id: row.id, kind: k.kind })))
      .execute();
    return toVendor(row);
  });
}

/** A vendor by id. */
export async function getVendor(db: Db, id: string): Promise<Vendor | undefined> {
  const row = await db.selectFrom('vendors').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toVendor(row);
}

/** A vendor by id or by its exact name (case and punctuation ignored). */
export async function findVendorByIdOrName(db: Db, ref: string): Promise<Vendor | undefined> {
  const byId = await getVendor(db, ref);
  if (byId) return byId;
  const key = await db.selectFrom('vendor_keys').select('vendor_id').where('key', '=', matchKey(ref)).where('kind', '=', 'name').executeTakeFirst();
  return key ? getVendor(db, key.vendor_id) : undefined;
}

/** How a vendor was recognised on a document. */
export interface VendorMatch {
  vendor: Vendor;
  matchedBy: 'tax_id' | 'name' | 'alias';
}

/** Find the vendor a document names: by tax id first, then by name or alias. */
export async function matchVendor(db: Db, taxId: string | null, name: string | null): Promise<VendorMatch | undefined> {
  const candidates: string[] = [];
  if (taxId && matchKey(taxId)) candidates.push(matchKey(taxId));
  if (name && matchKey(name)) candidates.push(matchKey(name));
  for (const key of candidates) {
    const hit = await db.selectFrom('vendor_keys').selectAll().where('key', '=', key).executeTakeFirst();
    if (hit) {
      const vendor = await getVendor(db, hit.vendor_id);
      if (vendor) return { vendor, matchedBy: hit.kind };
    }
  }
  return undefined;
}

/** Vendors by name, a page at a time. */
export async function listVendors(db: Db, limit: number, offset: number): Promise<Page<Vendor>> {
  const rows = await db.selectFrom('vendors').selectAll().orderBy('name').orderBy('id').limit(limit).offset(offset).execute();
  const { count } = await db
    .selectFrom('vendors')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return { items: rows.map(toVendor), total: Number(count), limit, offset };
}

/**
 * Vendors a document's header identifies: by a name or alias that is a whole cell, or by a tax id
 * anywhere in it. Each vendor once, with how it was recognised (tax id first).
 */
export async function vendorsInDocument(db: Db, ids: { cells: string[]; words: string[] }): Promise<VendorMatch[]> {
  const found = new Map<string, VendorMatch['matchedBy']>();
  const lookup = async (keys: string[], kinds: VendorMatch['matchedBy'][]) => {
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await db
        .selectFrom('vendor_keys')
        .selectAll()
        .where('key', 'in', keys.slice(i, i + 500))
        .where('kind', 'in', kinds)
        .execute();
      for (const row of rows) if (!found.has(row.vendor_id)) found.set(row.vendor_id, row.kind);
    }
  };
  if (ids.words.length > 0) await lookup(ids.words, ['tax_id']);
  if (ids.cells.length > 0) await lookup(ids.cells, ['tax_id', 'name', 'alias']);
  const matches: VendorMatch[] = [];
  for (const [id, matchedBy] of found) {
    const vendor = await getVendor(db, id);
    if (vendor) matches.push({ vendor, matchedBy });
  }
  return matches;
}
