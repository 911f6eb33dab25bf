/**
 * Reading a list of leads: CSV (a header row, columns in any order, any case) or a JSON array, up
 * to MAX_LIST_ROWS rows; every bad row reported with its line and reason. Storing it, and starting
 * its workflow. A schedule fetches its CSV from a URL or a file first.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../../config/index.js';
import type { Db } from '../../db/connect.js';
import { createLeadList, getLeadList, loadLeadList } from '../../db/leads/lists.js';
import { HttpError } from '../../domain/errors.js';
import { leadId, leadListWorkflowId, leadsFromRecords, MAX_LIST_ROWS, type AcceptedRow, type RejectedRow } from '../../domain/leads/lead.js';
import type { LeadListWorkflowInput } from '../../domain/leads/state.js';
import type { leadListWorkflow } from '../../workflows/lead-list.js';
import { startProcess } from '../runs/start-process.js';
import { leadSettings } from './submit.js';

/** The most bytes of a list fetched for a schedule. */
const MAX_FETCH_BYTES = 20 * 1024 * 1024;

/** A list read: its accepted rows and its refused ones. */
export interface ReadList {
  accepted: AcceptedRow[];
  rejected: RejectedRow[];
}

/** The records of a CSV with a header row (at most MAX_LIST_ROWS), and the line each starts on (the header is line 1). */
export function csvRecords(text: string): { records: Record<string, string>[]; lineOf: (index: number) => number } {
  type Parsed = { record: Record<string, string>; info: { lines: number } };
  let parsed: Parsed[];
  try {
    parsed = parse<Parsed>(text, {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
      max_record_size: 100_000,
    });
  } catch (error) {
    throw new HttpError(400, 'invalid_csv', `The CSV cannot be read: ${error instanceof Error ? error.message : String(error)}`, 'body');
  }
  if (parsed.length > MAX_LIST_ROWS)
    throw new HttpError(413, 'too_many_rows', `A list has at most ${MAX_LIST_ROWS} rows; this one has ${parsed.length}.`, 'body');
  if (parsed.length === 0) throw new HttpError(400, 'empty_list', 'The list has no rows under its header.', 'body');
  return { records: parsed.map((r) => r.record), lineOf: (i) => parsed[i]!.info.lines };
}

/** Read a CSV list. */
export function readCsvList(text: string): ReadList {
  const { records, lineOf } = csvRecords(text);
  const header = Object.keys(records[0]!).map((c) => c.trim().toLowerCase());
  if (!header.includes('email')) throw new HttpError(400, 'invalid_csv', 'The header row has no "email" column.', 'body');
  return leadsFromRecords(records, lineOf);
}

/** Read a JSON list (line numbers are the row's place, from 1). */
export function readJsonList(body: unknown): ReadList {
  if (!Array.isArray(body)) throw new HttpError(400, 'invalid_request', 'Send a JSON array of leads, or text/csv.', 'body');
  if (body.length > MAX_LIST_ROWS) throw new HttpError(413, 'too_many_rows', `A list has at most ${MAX_LIST_ROWS} rows; this one has ${body.length}.`, 'body');
  if (body.length === 0) throw new HttpError(400, 'empty_list', 'The list is empty.', 'body');
  return leadsFromRecords(body, (i) => i + 1);
}

/** What starting a list needs. */
export interface ListDeps {
  db: Db;
  client: Client;
  config: Pick<AppConfig, 'leads' | 'temporal' | 'openai'>;
}

/** The input of a list's workflow. */
export function leadListInput(config: ListDeps['config'], submittedBy: string, listId?: string): LeadListWorkflowInput {
  return { ...(listId && { listId }), submittedBy, concurrency: config.leads.concurrency, settings: leadSettings(config) };
}

/** Store a list read from a request and start its workflow. */
export async function submitLeadList(deps: ListDeps, list: ReadList & { id: string; submittedBy: string }): Promise<void> {
  const workflowId = leadListWorkflowId(list.id);
  await createLeadList(deps.db, {
    id: list.id,
    workflowId,
    submittedBy: list.submittedBy,
    origin: 'api',
    status: 'running',
    rows: list.accepted.map((r) => ({ line: r.line, leadId: leadId(r.lead.email), lead: r.lead })),
    rejected: list.rejected,
  });
  await startProcess(deps, {
    process: 'lead-list',
    id: list.id,
    workflowId,
    workflowType: 'leadListWorkflow' satisfies (typeof leadListWorkflow)['name'],
    taskQueue: deps.config.temporal.taskQueue,
    args: [leadListInput(deps.config, list.submittedBy, list.id)],
    initialStatus: 'running',
    submittedBy: list.submittedBy,
    subject: `Lead list ${list.id} (${list.accepted.length} rows)`,
    summary: `Lead list ${list.id}: ${list.accepted.length} rows from ${list.submittedBy}`,
    memo: { listId: list.id },
  });
}

/** Fetch a scheduled list's CSV (a URL or a file) and store its rows; fetching again keeps what was stored. */
export async function fetchLeadList(
  db: Db,
  input: { listId: string; workflowId: string; submittedBy: string; source: { url?: string | undefined; path?: string | undefined } },
): Promise<void> {
  const origin = input.source.url ?? input.source.path ?? '';
  if (!(await getLeadList(db, input.listId))) {
    await createLeadList(db, {
      id: input.listId,
      workflowId: input.workflowId,
      submittedBy: input.submittedBy,
      origin,
      status: 'loading',
      rows: [],
      rejected: [],
    });
  }
  let text: string;
  if (input.source.url) {
    const response = await fetch(input.source.url, { signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`${input.source.url}: ${response.status}`);
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_FETCH_BYTES) throw new Error(`${input.source.url}: ${length} bytes, more than a list may have`);
    text = await response.text();
  } else text = await readFile(input.source.path!, 'utf8');
  const read = readCsvList(text);
  await loadLeadList(
    db,
    input.listId,
    read.accepted.map((r) => ({ line: r.line, leadId: leadId(r.lead.email), lead: r.lead })),
    read.rejected,
  );
}
