/** Leads: the CRM record of each person (kept in step with their runs) and their submissions. */
import type { LeadState } from '../../domain/leads/state.js';
import type { Db } from '../connect.js';
import { getStateRecord, recordRun, registerEntry, type StateRecord } from '../runs.js';
import { newId, nowIso, type Page, transact } from '../util.js';

/** A lead as the list shows it. */
export interface LeadSummary {
  id: string;
  workflowId: string;
  status: string;
  grade: string | null;
  fit: number | null;
  engagement: number | null;
  owner: string | null;
  name: string | null;
  company: string | null;
  domain: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Record a lead's state, in its own table and in the shared run register, in one transaction.
 * It sets, never adds, so a retried recording changes nothing.
 */
export async function recordLead(db: Db, state: LeadState, runId: string): Promise<void> {
  const d = state.details;
  const now = nowIso();
  const company = d.enrichment.company?.value ?? d.lead.company ?? null;
  const row = {
    workflow_id: state.workflowId,
    run_id: runId,
    state: JSON.stringify(state),
    status: state.status,
    grade: d.score?.grade ?? null,
    fit: d.score?.fit ?? null,
    engagement: d.score?.engagement ?? null,
    owner: d.owner,
    name: d.lead.name ?? (d.enrichment.name?.value as string | undefined) ?? null,
    company: company === null ? null : String(company),
    domain: d.lead.domain,
    updated_at: now,
  };
  const subject = `Lead ${d.lead.email}${company ? ` (${String(company)})` : ''}${d.score ? ` ${d.score.grade}` : ''}`.slice(0, 300);
  await transact(db, async (trx) => {
    await trx
      .insertInto('leads')
      .values({ id: state.id, ...row, created_at: state.createdAt })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
    await recordRun(trx, registerEntry(state, subject));
  });
}

/** A lead's record: where its workflow is, and its last recorded state. */
export async function getLeadRecord(db: Db, id: string): Promise<StateRecord<LeadState> | undefined> {
  return getStateRecord<LeadState>(db, 'leads', id);
}

/** True when `user` has submitted the lead (by the API, a form, a mail or a list). */
export async function hasSubmitted(db: Db, leadId: string, user: string): Promise<boolean> {
  const row = await db.selectFrom('lead_submissions').select('id').where('lead_id', '=', leadId).where('submitted_by', '=', user).executeTakeFirst();
  return row !== undefined;
}

/** Leads, newest first, filtered by owner, grade and status. */
export async function listLeads(
  db: Db,
  filter: { owner?: string | undefined; grade?: string | undefined; status?: string | undefined; limit: number; offset: number },
): Promise<Page<LeadSummary>> {
  let query = db.selectFrom('leads');
  if (filter.owner) query = query.where('owner', '=', filter.owner);
  if (filter.grade) query = query.where('grade', '=', filter.grade);
  if (filter.status) query = query.where('status', '=', filter.status);
  const rows = await query
    .select(['id', 'workflow_id', 'status', 'grade', 'fit', 'engagement', 'owner', 'name', 'company', 'domain', 'created_at', 'updated_at'])
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
      grade: r.grade,
      fit: r.fit === null ? null : Number(r.fit),
      engagement: r.engagement === null ? null : Number(r.engagement),
      owner: r.owner,
      name: r.name,
      company: r.company,
      domain: r.domain,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    })),
    total: Number(count),
    limit: filter.limit,
    offset: filter.offset,
  };
}

/**
 * Record a submission. With an idempotency key, a repeat by the same submitter finds the first
 * (`created` false) and its lead, whichever request won the race.
 */
export async function recordSubmission(
  db: Db,
  s: { leadId: string; submittedBy: string; idempotencyKey: string | null; source: string | null },
): Promise<{ created: boolean; leadId: string; receivedAt: string }> {
  const receivedAt = nowIso();
  const result = await db
    .insertInto('lead_submissions')
    .values({ id: newId('lsub'), lead_id: s.leadId, submitted_by: s.submittedBy, idempotency_key: s.idempotencyKey, source: s.source, received_at: receivedAt })
    .onConflict((oc) => oc.columns(['submitted_by', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0 || s.idempotencyKey === null) return { created: true, leadId: s.leadId, receivedAt };
  const first = await db
    .selectFrom('lead_submissions')
    .select(['lead_id', 'received_at'])
    .where('submitted_by', '=', s.submittedBy)
    .where('idempotency_key', '=', s.idempotencyKey)
    .executeTakeFirstOrThrow();
  return { created: false, leadId: first.lead_id, receivedAt: first.received_at };
}
