/**
 * The first message to a lead, drafted for its owner to send as is, edit, or discard. The offline
 * composer writes it from what enrichment found; a model may write it instead (the same schema).
 */
import { z } from 'zod';
import { valueOf, type Enrichment } from './enrichment.js';

/** A draft: what the owner sees and sends. */
export const OutreachDraft = z.object({
  subject: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(5000),
});
export type OutreachDraft = z.infer<typeof OutreachDraft>;

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
