/** Settings admins change at run time, stored as validated JSON documents with who changed them last. */
import type { z } from 'zod';
import type { Db } from './connect.js';
import { nowIso } from './util.js';

/** A stored setting, or the default when none is stored (or the stored one no longer validates). */
export async function getSetting<T>(
  db: Db,
  key: string,
  schema: z.ZodType<T>,
  fallback: T,
): Promise<{ value: T; updatedBy: string | null; updatedAt: string | null }> {
  const row = await db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row) return { value: fallback, updatedBy: null, updatedAt: null };
  const parsed = schema.safeParse(JSON.parse(row.value));
  return parsed.success ? { value: parsed.data, updatedBy: row.updated_by, updatedAt: row.updated_at } : { value: fallback, updatedBy: null, updatedAt: null };
}

/** Store a setting (already validated by the caller). */
export async function putSetting(db: Db, key: string, value: unknown, by: string): Promise<void> {
  const row = { value: JSON.stringify(value), updated_by: by, updated_at: nowIso() };
  await db
    .insertInto('settings')
    .values({ key, ...row })
    .onConflict((oc) => oc.column('key').doUpdateSet(row))
    .execute();
}
