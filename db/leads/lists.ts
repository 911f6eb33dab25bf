/**
 * Lead lists: the accepted rows of each list (its input, kept here rather than in workflow
 * history), the rows refused with their reasons, and the progress and results read from the leads
 * the list's runs recorded.
 */
import type { LeadInput, RejectedRow } from '../../domain/leads/lead.js';
import type { LeadState } from '../../domain/leads/state.js';
import type { Db } from '../connect.js';
import { nowIso, transact } from '../util.js';

/** How many rows go into one insert. */
const INSERT_BATCH = 200;

/** A list as stored. */
export interface LeadList {
  id: string;
  workflowId: string;
  submittedBy: string;
  origin: string;
  status: string;
  totalRows: number;
  rejected: RejectedRow[];
  createdAt: string;
  updatedAt: string;
}

/** A row to start a lead from. */
export interface ListRow {
  line: number;
  position: number;
  lead: LeadInput;
}

/** The stored rows of a list: each row's position, and the line of an earlier row of the same person. */
function rowValues(listId: string, rows: { line: number; leadId: string; lead: LeadInput }[]) {
  const firstLine = new Map<string, number>();
  return rows.map((r, position) => {
    const earlier = firstLine.get(r.leadId);
    if (earlier === undefined) firstLine.set(r.leadId, r.line);
    return { list_id: listId, line: r.line, position, lead_id: r.leadId, input: JSON.stringify(r.lead), duplicate_of: earlier ?? null };
  });
}

/** Store a list and its accepted rows (rows of a person seen earlier in the list are kept, marked as duplicates). */
export async function createLeadList(
  db: Db,
  list: {
    id: string;
    workflowId: string;
    submittedBy: string;
    origin: string;
    status: string;
    rows: { line: number; leadId: string; lead: LeadInput }[];
    rejected: RejectedRow[];
  },
): Promise<void> {
  const now = nowIso();
  const rows = rowValues(list.id, list.rows);
  await transact(db, async (trx) => {
    await trx
      .insertInto('lead_lists')
      .values({
        id: list.id,
        workflow_id: list.workflowId,
        submitted_by: list.submittedBy,
        origin: list.origin,
        status: list.status,
        total_rows: list.rows.length + list.rejected.length,
        rejected: JSON.stringify(list.rejected),
        created_at: now,
        updated_at: now,
      })
      .execute();
    for (let i = 0; i < rows.length; i += INSERT_BATCH)
      await trx
        .insertInto('lead_list_rows')
        .values(rows.slice(i, i + INSERT_BATCH))
        .execute();
  });
}

/** Add the rows of a list that was loaded later (a scheduled list fetched from a URL or a file). */
export async function loadLeadList(db: Db, id: string, rows: { line: number; leadId: string; lead: LeadInput }[], rejected: RejectedRow[]): Promise<void> {
  const existing = await db.selectFrom('lead_list_rows').select('line').where('list_id', '=', id).limit(1).executeTakeFirst();
  // Loaded already (a retry after the rows were stored): keep what is there.
  if (existing) return;
  const values = rowValues(id, rows);
  await transact(db, async (trx) => {
    for (let i = 0; i < values.length; i += INSERT_BATCH)
      await trx
        .insertInto('lead_list_rows')
        .values(values.slice(i, i + INSERT_BATCH))
        .execute();
    await trx
      .updateTable('lead_lists')
      .set({ total_rows: rows.length + rejected.length, rejected: JSON.stringify(rejected), status: 'running', updated_at: nowIso() })
      .where('id', '=', id)
      .execute();
  });
}

/** A list, if there is one by that id. */
export async function getLeadList(db: Db, id: string): Promise<LeadList | undefined> {
  const row = await db.selectFrom('lead_lists').selectAll().where('id', '=', id).executeTakeFirst();
  return (
    row && {
      id: row.id,
      workflowId: row.workflow_id,
      submittedBy: row.submitted_by,
      origin: row.origin,
      status: row.status,
      totalRows: Number(row.total_rows),
      rejected: JSON.parse(row.rejected) as RejectedRow[],
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }
  );
}

/** Set a list's status. */
export async function setLeadListStatus(db: Db, id: string, status: string): Promise<void> {
  await db.updateTable('lead_lists').set({ status, updated_at: nowIso() }).where('id', '=', id).execute();
}

/** The next rows of a list to start, from a position on (duplicates left out: their first row starts them). */
export async function listRowsFrom(db: Db, id: string, position: number, limit: number): Promise<{ rows: ListRow[]; next: number | null }> {
  const rows = await db
    .selectFrom('lead_list_rows')
    .select(['line', 'position', 'input', 'duplicate_of'])
    .where('list_id', '=', id)
    .where('position', '>=', position)
    .orderBy('position')
    .limit(limit)
    .execute();
  const last = rows.at(-1);
  return {
    rows: rows
      .filter((r) => r.duplicate_of === null)
      .map((r) => ({ line: Number(r.line), position: Number(r.position), lead: JSON.parse(r.input) as LeadInput })),
    next: rows.length < limit || !last ? null : Number(last.position) + 1,
  };
}

/** Counts per state of a list's rows: the state of each row's lead as recorded since the list began. */
export async function leadListCounts(db: Db, list: LeadList): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('lead_list_rows')
    .leftJoin('leads', 'leads.id', 'lead_list_rows.lead_id')
    .select(['lead_list_rows.duplicate_of', 'leads.status', 'leads.updated_at'])
    .where('lead_list_rows.list_id', '=', list.id)
    .execute();
  const counts: Record<string, number> = { rows: list.totalRows, accepted: rows.length, rejected: list.rejected.length, duplicates: 0, pending: 0 };
  for (const r of rows) {
    if (r.duplicate_of !== null) counts.duplicates!++;
    else if (!r.status || !r.updated_at || r.updated_at < list.createdAt) counts.pending!++;
    else counts[r.status] = (counts[r.status] ?? 0) + 1;
  }
  return counts;
}

/** Every accepted row of a list with its lead's recorded state (null when it has none yet), in line order. */
export async function leadListResults(db: Db, id: string): Promise<{ line: number; lead: LeadInput; duplicateOf: number | null; state: LeadState | null }[]> {
  const rows = await db
    .selectFrom('lead_list_rows')
    .leftJoin('leads', 'leads.id', 'lead_list_rows.lead_id')
    .select(['lead_list_rows.line', 'lead_list_rows.input', 'lead_list_rows.duplicate_of', 'leads.state'])
    .where('lead_list_rows.list_id', '=', id)
    .orderBy('lead_list_rows.line')
    .execute();
  return rows.map((r) => ({
    line: Number(r.line),
    lead: JSON.parse(r.input) as LeadInput,
    duplicateOf: r.duplicate_of === null ? null : Number(r.duplicate_of),
    state: r.state ? (JSON.parse(r.state) as LeadState) : null,
  }));
}
