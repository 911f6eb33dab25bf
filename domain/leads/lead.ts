/**
 * A lead as people send it (a web form, a list row, a mail), and how it is normalised: the email
 * lower-cased, the domain taken from it, free-mail domains recognised as personal. The workflow id
 * comes from the normalised email, so the same person arriving twice finds the same run.
 */
import { z } from 'zod';

/** The fields a lead may carry; a list's other columns are kept as attributes. */
export const LEAD_FIELDS = ['email', 'name', 'company', 'domain', 'title', 'country', 'source', 'message'] as const;

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

/** Free-mail and consumer domains: a lead there is a person, not a company. */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.co.uk',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  't-online.de',
  'mail.com',
  'zoho.com',
  'yandex.com',
  'qq.com',
  '163.com',
]);

/** A lead after normalisation. */
export interface NormalisedLead extends LeadInput {
  email: string;
  domain: string;
  /** True when the email is at a free-mail domain: no company to look up by domain. */
  personal: boolean;
}

/** The normalised form of an email address: trimmed, lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Normalise a lead: lower-case email, the domain from the email unless given, personal or not. */
export function normaliseLead(lead: LeadInput): NormalisedLead {
  const email = normaliseEmail(lead.email);
  const emailDomain = email.slice(email.lastIndexOf('@') + 1);
  const personal = FREE_MAIL_DOMAINS.has(emailDomain);
  const given = lead.domain?.toLowerCase().replace(/^www\./, '');
  return { ...lead, email, domain: given ?? emailDomain, personal: personal && (!given || FREE_MAIL_DOMAINS.has(given)) };
}

/** A lead's id within its process: its normalised email. */
export function leadId(email: string): string {
  return normaliseEmail(email);
}

/** The workflow id of a lead: one run per person at a time. */
export function leadWorkflowId(email: string): string {
  return `lead-${normaliseEmail(email)}`;
}

/** A list's id and its workflow's. */
export function leadListWorkflowId(listId: string): string {
  return `lead-list-${listId}`;
}

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
