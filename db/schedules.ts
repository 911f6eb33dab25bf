/** Schedules as written by admins (Temporal holds their state, next times and recent actions). */
import type { Db } from './connect.js';
import type { SchedulesTable } from './schema.js';
import { ConflictError, nowIso } from './util.js';

/** A schedule as written. */
export interface ScheduleRecord {
  id: string;
  process: string;
  spec: unknown;
  input: unknown;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

function toRecord(row: SchedulesTable): ScheduleRecord {
  return {
    id: row.id,
    process: row.process,
    spec: JSON.parse(row.spec) as unknown,
    input: JSON.parse(row.input) as unknown,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

/** Keep a new schedule; an id already taken is a ConflictError. */
export async function insertSchedule(db: Db, s: { id: string; process: string; spec: unknown; input: unknown; by: string }): Promise<void> {
  const now = nowIso();
  const result = await db
    .insertInto('schedules')
    .values({
      id: s.id,
      process: s.process,
      spec: JSON.stringify(s.spec),
      input: JSON.stringify(s.input),
      created_by: s.by,
      created_at: now,
      updated_by: s.by,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) throw new ConflictError(`A schedule ${s.id} exists already.`, 'id');
}

/** Record a change. */
export async function updateSchedule(db: Db, id: string, change: { spec?: unknown; input?: unknown; by: string }): Promise<void> {
  await db
    .updateTable('schedules')
    .set({
      ...(change.spec !== undefined && { spec: JSON.stringify(change.spec) }),
      ...(change.input !== undefined && { input: JSON.stringify(change.input) }),
      updated_by: change.by,
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
}

export async function getSchedule(db: Db, id: string): Promise<ScheduleRecord | undefined> {
  const row = await db.selectFrom('schedules').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRecord(row);
}

export async function listSchedules(db: Db): Promise<ScheduleRecord[]> {
  return (await db.selectFrom('schedules').selectAll().orderBy('id').execute()).map(toRecord);
}

export async function deleteSchedule(db: Db, id: string): Promise<void> {
  await db.deleteFrom('schedules').where('id', '=', id).execute();
}
