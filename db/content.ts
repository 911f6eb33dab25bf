/**
 * Content: each piece's record (kept in step with its run), its submissions, and the project's own
 * published-content store (one publication per piece and platform: publishing again changes
 * nothing, so a retried or repeated publish step publishes once).
 */
import type { ContentState } from '../domain/content/state.js';
import type { Db } from './connect.js';
import { getStateRecord, recordRun, registerEntry, type StateRecord } from './runs.js';
import { newId, nowIso, type Page, transact } from './util.js';

/** A piece as the list shows it. */
export interface ContentSummary {
  id: string;
  workflowId: string;
  status: string;
  title: string;
  submittedBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A publication of a piece on one platform. */
export interface Publication {
  contentId: string;
  platform: string;
  version: number;
  title: string;
  body: unknown;
  target: string;
  url: string | null;
  publishedAt: string;
}

/**
 * Record a submission. With an idempotency key, a repeat by the same submitter finds the first
 * (`created` false) and its piece, whichever request won the race.
 */
export async function recordContentSubmission(
  db: Db,
  s: { contentId: string; submittedBy: string; idempotencyKey: string | null },
): Promise<{ created: boolean; contentId: string }> {
  const result = await db
    .insertInto('content_submissions')
    .values({ id: newId('csub'), content_id: s.contentId, submitted_by: s.submittedBy, idempotency_key: s.idempotencyKey, received_at: nowIso() })
    .onConflict((oc) => oc.columns(['submitted_by', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0 || s.idempotencyKey === null) return { created: true, contentId: s.contentId };
  const first = await db
    .selectFrom('content_submissions')
    .select('content_id')
    .where('submitted_by', '=', s.submittedBy)
    .where('idempotency_key', '=', s.idempotencyKey)
    .executeTakeFirstOrThrow();
  return { created: false, contentId: first.content_id };
}

/** Record a piece's state, in its own table and in the shared run register, in one transaction. */
export async function recordContent(db: Db, state: ContentState, runId: string): Promise<void> {
  const now = nowIso();
  const row = {
    workflow_id: state.workflowId,
    run_id: runId,
    state: JSON.stringify(state),
    status: state.status,
    title: state.details.brief.title,
    submitted_by: state.submittedBy,
    updated_at: now,
  };
  await transact(db, async (trx) => {
    await trx
      .insertInto('content_pieces')
      .values({ id: state.id, ...row, created_at: state.createdAt })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
    await recordRun(trx, registerEntry(state, `Content: ${state.details.brief.title}`.slice(0, 300)));
  });
}

/** A piece's record: where its workflow is, and its last recorded state. */
export async function getContentRecord(db: Db, id: string): Promise<StateRecord<ContentState> | undefined> {
  return getStateRecord<ContentState>(db, 'content_pieces', id);
}

/** Pieces, newest first, by status. */
export async function listContent(db: Db, filter: { status?: string | undefined; limit: number; offset: number }): Promise<Page<ContentSummary>> {
  let query = db.selectFrom('content_pieces');
  if (filter.status) query = query.where('status', '=', filter.status);
  const rows = await query
    .select(['id', 'workflow_id', 'status', 'title', 'submitted_by', 'created_at', 'updated_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const { count } = await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return {
    items: rows.map((r) => ({
      id: r.id,
      workflowId: r.workflow_id,
      status: r.status,
      title: r.title,
      submittedBy: r.submitted_by,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    })),
    total: Number(count),
    limit: filter.limit,
    offset: filter.offset,
  };
}

/**
 * Store a publication unless the piece is already published on that platform; returns the one
 * stored (the first, when it was there already).
 */
export async function storePublication(db: Db, p: Omit<Publication, 'publishedAt'> & { text: string }): Promise<Publication> {
  await db
    .insertInto('content_publications')
    .values({
      content_id: p.contentId,
      platform: p.platform,
      version: p.version,
      title: p.title,
      body: JSON.stringify(p.body),
      text: p.text,
      target: p.target,
      url: p.url,
      published_at: nowIso(),
    })
    .onConflict((oc) => oc.columns(['content_id', 'platform']).doNothing())
    .execute();
  const stored = (await publicationsOf(db, p.contentId)).find((x) => x.platform === p.platform);
  if (!stored) throw new Error(`The publication of ${p.contentId} on ${p.platform} was not stored`);
  return stored;
}

/** A piece's publications, one per platform. */
export async function publicationsOf(db: Db, contentId: string): Promise<Publication[]> {
  const rows = await db.selectFrom('content_publications').selectAll().where('content_id', '=', contentId).orderBy('platform').execute();
  return rows.map((r) => ({
    contentId: r.content_id,
    platform: r.platform,
    version: Number(r.version),
    title: r.title,
    body: JSON.parse(r.body) as unknown,
    target: r.target,
    url: r.url,
    publishedAt: r.published_at,
  }));
}

/** The text of pieces published before (newest first, one per piece), for the near-duplicate gate. */
export async function publishedTexts(db: Db, except: string, limit = 500): Promise<{ id: string; title: string; text: string }[]> {
  const rows = await db
    .selectFrom('content_publications')
    .select(['content_id', 'title', 'text', (eb) => eb.fn.max('published_at').as('at')])
    .where('content_id', '!=', except)
    .groupBy(['content_id', 'title', 'text'])
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.content_id, title: r.title, text: r.text }));
}
