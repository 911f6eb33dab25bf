/**
 * The offline composer of a lead's first message, and the check an owner's edited draft passes.
 * Pure and schema-free, for workflow code (the draft's schema is in `outreach.ts`).
 */
import type { Enrichment } from './enrichment.js';
import type { OutreachDraft } from './outreach.js';
import { valueOf } from './waterfall.js';

/** How long a subject and a body may be. */
export const OUTREACH_LIMITS = { subject: 200, body: 5000 } as const;

/** A draft as an owner edited it, trimmed, or null when a part is empty or too long. */
export function usableDraft(draft: { subject: string; body: string }): OutreachDraft | null {
  const subject = draft.subject.trim();
  const body = draft.body.trim();
  if (!subject || !body || subject.length > OUTREACH_LIMITS.subject || body.length > OUTREACH_LIMITS.body) return null;
  return { subject, body };
}

/** What drafting reads. */
export interface OutreachFacts {
  name?: string | undefined;
  message?: string | undefined;
  enrichment: Enrichment;
  owner: { name: string };
}

const firstName = (name: string | undefined) => name?.trim().split(/\s+/)[0];

/** Write a first message from what is known (deterministic). */
export function composeOutreach(facts: OutreachFacts): OutreachDraft {
  const e = facts.enrichment;
  const name = firstName(facts.name ?? valueOf(e, 'name'));
  const company = valueOf(e, 'company');
  const industry = valueOf(e, 'industry');
  const title = valueOf(e, 'title');
  const asked = facts.message?.trim();
  const lines = [`Hi ${name ?? 'there'},`, ''];
  if (asked)
    lines.push(
      `Thank you for getting in touch${company ? ` on behalf of ${company}` : ''}. You wrote that you are interested in this; I would be glad to help.`,
    );
  else lines.push(`I noticed ${company ? `${company}'s` : 'your'} interest and wanted to reach out personally.`);
  lines.push(
    '',
    [
      industry ? `We work with a number of ${industry} teams` : 'We work with teams like yours',
      title
        ? ` and hear from ${/^[aeiou]/i.test(title) ? 'an' : 'a'} ${title} most often about automating approvals and hand-offs that still run on email and spreadsheets.`
        : ' on automating the approvals and hand-offs that still run on email and spreadsheets.',
    ].join(''),
    '',
    'Would a 20-minute call next week be useful? I can show how it would look for you and answer any questions.',
    '',
    'Best regards,',
    facts.owner.name,
  );
  return { subject: company ? `${company} and business process automation` : 'Following up on your enquiry', body: lines.join('\n') };
}
