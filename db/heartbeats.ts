/** Heartbeats: the last beat of each watched name. */
import type { Db } from './connect.js';
import { nowIso } from './util.js';

/** A heartbeat as stored. */
export interface Heartbeat {
  name: string;
  lastAt: string;
  lastBy: string;
  beats: number;
}

/** Record a beat. */
export async function recordBeat(db: Db, name: string, by: string): Promise<Heartbeat> {
  const at = nowIso();
  await db
    .insertInto('heartbeats')
    .values({ name, last_at: at, last_by: by, beats: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ last_at: at, last_by: by, beats: eb('heartbeats.beats', '+', 1) })))
    .execute();
  return (await getHeartbeat(db, name))!;
}

/** The last beat of a name, if it ever beat. */
export async function getHeartbeat(db: Db, name: string): Promise<Heartbeat | undefined> {
  const row = await db.selectFrom('heartbeats').selectAll().where('name', '=', name).executeTakeFirst();
  return row && { name: row.name, lastAt: row.last_at, lastBy: row.last_by, beats: Number(row.beats) };
}
