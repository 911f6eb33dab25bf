/**
 * Enrichment as data: the fields a provider can find about a person or their company, each value
 * with its provenance (which provider, when). The waterfall's rules are in `waterfall.ts`.
 */
import { z } from 'zod';
import { ENRICHMENT_FIELDS, PROVIDERS } from './waterfall.js';

export {
  COMPANY_FIELDS,
  EMBEDDED_PROVIDERS,
  ENRICHMENT_FIELDS,
  fieldsToAsk,
  mergeFindings,
  missingFields,
  PROVIDER_FIELDS,
  PROVIDERS,
  valueOf,
} from './waterfall.js';

/** A field enrichment can find. */
export const EnrichmentField = z.enum(ENRICHMENT_FIELDS);
export type EnrichmentField = z.infer<typeof EnrichmentField>;

/** A provider with an adapter. */
export const ProviderName = z.enum(PROVIDERS);
export type ProviderName = z.infer<typeof ProviderName>;

/** A value and where it came from. */
export const SourcedValue = z.object({
  value: z.union([z.string(), z.number()]),
  provider: z.string().describe('Which provider found it ("submitted" when the lead carried it)'),
  at: z.string().describe('When that provider answered (a cached answer keeps its time)'),
});
export type SourcedValue = z.infer<typeof SourcedValue>;

/** Everything known about a lead, field by field. */
export const Enrichment = z.partialRecord(EnrichmentField, SourcedValue);
export type Enrichment = z.infer<typeof Enrichment>;

/** What one provider found (an empty object: no match). */
export const ProviderFindings = z.partialRecord(EnrichmentField, z.union([z.string(), z.number()]));
export type ProviderFindings = z.infer<typeof ProviderFindings>;

/** How asking one provider went, as the lead's status shows it. */
export const ProviderAttempt = z.object({
  provider: z.string(),
  asked: z.array(EnrichmentField).describe('The fields still missing when it was asked'),
  outcome: z.enum(['matched', 'no_match', 'skipped_unauthorized', 'skipped_cooling_down', 'failed']),
  found: z.array(EnrichmentField),
  cached: z.boolean().describe('Answered from a stored look-up within ENRICHMENT_CACHE_TTL: no call, no credit'),
  at: z.string(),
  message: z.string().optional(),
});
export type ProviderAttempt = z.infer<typeof ProviderAttempt>;
