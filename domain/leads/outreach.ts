/**
 * The first message to a lead, drafted for its owner to send as is, edit, or discard. The offline
 * composer (`compose.ts`) writes it from what enrichment found; a model may write it instead (this
 * schema).
 */
import { z } from 'zod';
import { OUTREACH_LIMITS } from './compose.js';

export { composeOutreach, OUTREACH_LIMITS, usableDraft, type OutreachFacts } from './compose.js';

/** A draft: what the owner sees and sends. */
export const OutreachDraft = z.object({
  subject: z.string().trim().min(1).max(OUTREACH_LIMITS.subject),
  body: z.string().trim().min(1).max(OUTREACH_LIMITS.body),
});
export type OutreachDraft = z.infer<typeof OutreachDraft>;
