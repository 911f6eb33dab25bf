/** The project's own company directory (the embedded enrichment provider) and round-robin turns. */
import { sql } from 'kysely';
import type { Db } from '../connect.js';
import type { CompaniesTable } from '../schema.js';
import { nowIso, type Page, transact } from '../util.js';

/** A company of the directory. */
export interface Company {
  domain: string;
  name: string;
  industry: string | null;
  employees: number | null;
  country: string | null;
  updatedBy: string;
  updatedAt: string;
}

function toCompany(row: CompaniesTable): Company {
  return {
    domain: row.domain,
    name: row.name,
    industry: row.industry,
    employees: row.employees === null ? null : Number(row.employees),
    country: row.country,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

/** Add or update companies (by domain), in one transaction. */
export async function upsertCompanies(db: Db, companies: Omit<Company, 'updatedBy' | 'updatedAt'>[], by: string): Promise<void> {
  const now = nowIso();
  await transact(db, async (trx) => {
    for (const c of companies) {
      const row = { name: c.name, industry: c.industry, employees: c.employees, country: c.country, updated_by: by, updated_at: now };
      await trx
        .insertInto('companies')
        .values({ domain: c.domain, ...row })
        .onConflict((oc) => oc.column('domain').doUpdateSet(row))
        .execute();
    }
  });
}

/** The company at a domain, if the directory has it. */
export async function getCompany(db: Db, domain: string): Promise<Company | undefined> {
  const row = await db.selectFrom('companies').selectAll().where('domain', '=', domain).executeTakeFirst();
  return row && toCompany(row);
}

/** Companies by domain. */
export async function listCompanies(db: Db, page: { limit: number; offset: number }): Promise<Page<Company>> {
  const rows = await db.selectFrom('companies').selectAll().orderBy('domain').limit(page.limit).offset(page.offset).execute();
  const { count } = await db
    .selectFrom('companies')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return {
    items: rows.map(toCompany),
    total: Number(count),
    ...page,
  };
}

/** Take the next turn of a round-robin pool (atomic: two runs at once get two turns). */
export async function nextTurn(db: Db, pool: string): Promise<number> {
  const row = await db
    .insertInto('round_robin')
    .values({ pool, turn: 0 })
    .onConflict((oc) => oc.column('pool').doUpdateSet({ turn: sql<number>`round_robin.turn + 1` }))
    .returning('turn')
    .executeTakeFirstOrThrow();
  return Number(row.turn);
}
