/** Alert incidents: one row per incident, kept in step with its workflow, for listing and flapping counts. */
import type { AlertState } from '../domain/alerts/state.js';
import type { Db } from './connect.js';
import { getStateRecord, recordRun, registerEntry, type StateRecord } from './runs.js';
import type { AlertsTable } from './schema.js';
import { nowIso, type Page, transact } from './util.js';

/** An incident as the list shows it. */
export interface AlertSummary {
  id: string;
  workflowId: string;
  source: string;
  dedupKey: string;
  summary: string;
  status: string;
  severity: string;
  topic: string | null;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

function toSummary(row: AlertsTable): AlertSummary {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    source: row.source,
    dedupKey: row.dedup_key,
    summary: row.summary,
    status: row.status,
    severity: row.severity,
    topic: row.topic,
    occurrences: Number(row.occurrences),
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    acknowledgedBy: row.acknowledged_by,
    resolvedAt: row.resolved_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Record an incident's state, in its own table and in the shared run register, in one transaction.
 * It sets, never adds, so a retried or replayed recording changes nothing.
 */
export async function recordAlert(db: Db, state: AlertState, runId: string): Promise<void> {
  const d = state.details;
  const now = nowIso();
  const row = {
    workflow_id: state.workflowId,
    run_id: runId,
    state: JSON.stringify(state),
    source: d.source,
    dedup_key: d.dedupKey,
    summary: d.summary,
    status: state.status,
    severity: d.severity,
    topic: d.topic,
    occurrences: d.occurrences,
    first_seen_at: d.firstSeenAt,
    last_seen_at: d.lastSeenAt,
    acknowledged_by: d.acknowledgement?.by ?? null,
    resolved_at: d.resolution?.at ?? null,
    updated_at: now,
  };
  const subject = `[${d.severity}] ${d.summary}`.slice(0, 300);
  await transact(db, async (trx) => {
    await trx
      .insertInto('alerts')
      .values({ id: state.id, ...row, created_at: state.createdAt })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
    await recordRun(trx, registerEntry(state, subject));
  });
}

/** An incident's row: where its workflow is, and its last recorded state. */
export async function getAlertRecord(db: Db, id: string): Promise<StateRecord<AlertState> | undefined> {
  return getStateRecord<AlertState>(db, 'alerts', id);
}

/** Incidents, newest first, filtered by status, severity and topic. */
export async function listAlerts(
  db: Db,
  filter: { status?: string | undefined; severity?: string | undefined; topic?: string | undefined; limit: number; offset: number },
): Promise<Page<AlertSummary>> {
  let query = db.selectFrom('alerts');
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.severity) query = query.where('severity', '=', filter.severity);
  if (filter.topic) query = query.where('topic', '=', filter.topic);
  const rows = await query
    .select([
      'id',
      'workflow_id',
      'run_id',
      'source',
      'dedup_key',
      'summary',
      'status',
      'severity',
      'topic',
      'occurrences',
      'first_seen_at',
      'last_seen_at',
      'acknowledged_by',
      'resolved_at',
      'created_at',
      'updated_at',
    ])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const { count } = await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return { items: rows.map((r) => toSummary({ ...r, state: '' })), total: Number(count), limit: filter.limit, offset: filter.offset };
}

/** Incidents of one alert (source + key) opened since a time: how often it fired (flapping). */
export async function countIncidentsSince(db: Db, source: string, dedupKey: string, since: string): Promise<number> {
  const { count } = await db
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('source', '=', source)
    .where('dedup_key', '=', dedupKey)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(count);
}
