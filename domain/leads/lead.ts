/**
 * A lead as people send it (a web form, a list row, a mail), and a list's rows read into leads.
 * How a lead is normalised and named is in `identity.ts`.
 */
import { z } from 'zod';
import { LEAD_FIELDS } from './identity.js';

export { FREE_MAIL_DOMAINS, LEAD_FIELDS, leadId, leadListWorkflowId, leadWorkflowId, normaliseEmail, normaliseLead, type NormalisedLead } from './identity.js';

const text = (max: number) => z.string().trim().max(max);

/** A lead as submitted. */
export const LeadInput = z
  .object({
    email: z.string().trim().max(254).email('not an email address'),
    name: text(200).optional(),
    company: text(200).optional(),
    domain: text(253)
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'not a domain name (example.com)')
      .optional(),
    title: text(200).optional(),
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'a two-letter country code (DE, US, ...)')
      .transform((c) => c.toUpperCase())
      .optional(),
    source: text(64).optional().describe('Where the lead came from: web_form, demo_request, trade_show, referral, list, ...'),
    message: text(5000).optional().describe('What the person wrote (untrusted text: it never changes the grade)'),
    attributes: z.record(z.string().max(100), z.string().max(1000)).optional().describe('Other columns of a list, kept as they came'),
  })
  .strict();
export type LeadInput = z.infer<typeof LeadInput>;

/** A row of a list that was refused, and why. */
export interface RejectedRow {
  line: number;
  reason: string;
}

/** A row of a list that was taken. */
export interface AcceptedRow {
  line: number;
  lead: LeadInput;
}

/** Most rows one list may have. */
export const MAX_LIST_ROWS = 10_000;

/**
 * Turn a list's records (CSV rows by header, or JSON objects) into leads, each checked on its own:
 * known columns (any case, any order) become fields, others attributes; a bad row is reported with
 * its line and reason, never dropped. `lineOf(i)` is the line the i-th record started on.
 */
export function leadsFromRecords(records: readonly unknown[], lineOf: (index: number) => number): { accepted: AcceptedRow[]; rejected: RejectedRow[] } {
  const accepted: AcceptedRow[] = [];
  const rejected: RejectedRow[] = [];
  records.forEach((record, index) => {
    const line = lineOf(index);
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      rejected.push({ line, reason: 'not an object with the lead fields' });
      return;
    }
    const fields: Record<string, unknown> = {};
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(record as Record<string, unknown>)) {
      const name = key.trim().toLowerCase();
      if ((LEAD_FIELDS as readonly string[]).includes(name)) {
        // An empty cell is a field not given.
        if (!(typeof value === 'string' && value.trim() === '') && value !== null) fields[name] = value;
      } else if (name === 'attributes' && typeof value === 'object' && value !== null) {
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string' || typeof v === 'number') attributes[k] = String(v);
      } else if (name !== '' && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && String(value) !== '') {
        attributes[key.trim()] = String(value);
      }
    }
    const parsed = LeadInput.safeParse({ ...fields, ...(Object.keys(attributes).length > 0 && { attributes }) });
    if (parsed.success) accepted.push({ line, lead: parsed.data });
    else {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || 'row';
      rejected.push({ line, reason: `${field}: ${fields[field] === undefined && field === 'email' ? 'missing' : issue.message}` });
    }
  });
  return { accepted, rejected };
}
