/** The run register every process shares: one row per run, kept in step with its workflow. */
import type { Db } from './connect.js';
import type { RegisterEntry } from '../domain/register.js';
import type { RunsTable } from './schema.js';
import { nowIso, type Page } from './util.js';

/** A process's own record of a run: where its workflow is, and its last recorded state. */
export interface StateRecord<S> {
  workflowId: string;
  runId: string;
  state: S;
  updatedAt: string;
}

/** The record of a run in its process's table (alerts, leads, content pieces keep their state there). */
export async function getStateRecord<S>(db: Db, table: 'alerts' | 'leads' | 'content_pieces', id: string): Promise<StateRecord<S> | undefined> {
  const row = await db.selectFrom(table).select(['workflow_id', 'run_id', 'state', 'updated_at']).where('id', '=', id).executeTakeFirst();
  return row && { workflowId: row.workflow_id, runId: row.run_id, state: JSON.parse(row.state) as S, updatedAt: row.updated_at };
}

export { registerEntry } from '../domain/register.js';

/** A run as the register lists it. */
export interface RunSummary extends RegisterEntry {
  createdAt: string;
  updatedAt: string;
}

function toSummary(row: RunsTable): RunSummary {
  return {
    process: row.process,
    id: row.id,
    workflowId: row.workflow_id,
    status: row.status,
    step: row.step,
    reason: row.reason,
    submittedBy: row.submitted_by,
    subject: row.subject,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** What registering a run takes. */
export interface NewRun {
  process: string;
  id: string;
  workflowId: string;
  status: string;
  submittedBy: string;
  subject: string;
}

function runRow(run: NewRun, step: string, reason: string | null, now: string): RunsTable {
  return {
    process: run.process,
    id: run.id,
    workflow_id: run.workflowId,
    status: run.status,
    step,
    reason,
    submitted_by: run.submittedBy,
    subject: run.subject,
    created_at: now,
    updated_at: now,
  };
}

/** Register a run; registering it again (a repeated start) changes nothing. */
export async function registerRun(db: Db, run: NewRun): Promise<void> {
  await db
    .insertInto('runs')
    .values(runRow(run, 'received', null, nowIso()))
    .onConflict((oc) => oc.columns(['process', 'id']).doNothing())
    .execute();
}

/** What a workflow reports about its run as it moves (idempotent: it sets, never adds). */
export interface RunProgress {
  status?: string | undefined;
  step?: string | undefined;
  reason?: string | null | undefined;
  subject?: string | undefined;
}

/** Record a run's progress in the register. */
export async function updateRunProgress(db: Db, process: string, id: string, p: RunProgress): Promise<void> {
  await db
    .updateTable('runs')
    .set({
      ...(p.status !== undefined && { status: p.status }),
      ...(p.step !== undefined && { step: p.step }),
      ...(p.reason !== undefined && { reason: p.reason }),
      ...(p.subject !== undefined && { subject: p.subject }),
      updated_at: nowIso(),
    })
    .where('process', '=', process)
    .where('id', '=', id)
    .execute();
}

/** Runs of every process, newest first, optionally of one process and status, a page at a time. */
export async function listRuns(
  db: Db,
  filter: { process?: string | undefined; status?: string | undefined; limit: number; offset: number },
): Promise<Page<RunSummary>> {
  let query = db.selectFrom('runs');
  if (filter.process) query = query.where('process', '=', filter.process);
  if (filter.status) query = query.where('status', '=', filter.status);
  const rows = await query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
  const { count } = await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return { items: rows.map(toSummary), total: Number(count), limit: filter.limit, offset: filter.offset };
}

/**
 * A run as its workflow records it: registered on its first record (created when the run began,
 * `createdAt`, or now), updated on every later one (a later run of the same business key included).
 */
export async function recordRun(db: Db, run: RegisterEntry): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('runs')
    .values({ ...runRow(run, run.step, run.reason, now), ...(run.createdAt && { created_at: run.createdAt }) })
    .onConflict((oc) =>
      oc
        .columns(['process', 'id'])
        .doUpdateSet({ workflow_id: run.workflowId, status: run.status, step: run.step, reason: run.reason, subject: run.subject, updated_at: now }),
    )
    .execute();
}

/** How many runs each process has in each status. */
export async function countRuns(db: Db): Promise<{ process: string; status: string; count: number }[]> {
  const rows = await db
    .selectFrom('runs')
    .select(['process', 'status', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy(['process', 'status'])
    .orderBy('process')
    .orderBy('status')
    .execute();
  return rows.map((r) => ({ process: r.process, status: r.status, count: Number(r.count) }));
}
