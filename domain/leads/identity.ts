/**
 * How a lead is normalised: the email lower-cased, the domain taken from it, free-mail domains
 * recognised as personal. The workflow id comes from the normalised email, so the same person
 * arriving twice finds the same run. Pure and schema-free, for workflow code.
 */
import type { LeadInput } from './lead.js';

/** The fields a lead may carry; a list's other columns are kept as attributes. */
export const LEAD_FIELDS = ['email', 'name', 'company', 'domain', 'title', 'country', 'source', 'message'] as const;

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
