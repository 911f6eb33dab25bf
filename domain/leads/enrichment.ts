/**
 * Enrichment as data: the fields a provider can find about a person or their company, each value
 * with its provenance (which provider, when), and the waterfall's rules: ask providers in order,
 * each only for the fields still missing, and stop when the required fields are found.
 */
import { z } from 'zod';

/** What enrichment can find. */
export const ENRICHMENT_FIELDS = [
  'name',
  'title',
  'seniority',
  'department',
  'linkedin',
  'emailStatus',
  'company',
  'industry',
  'employees',
  'country',
] as const;
export const EnrichmentField = z.enum(ENRICHMENT_FIELDS);
export type EnrichmentField = z.infer<typeof EnrichmentField>;

/** Providers with an adapter: three data providers' HTTP APIs, and two embedded ones that need no key. */
export const PROVIDERS = ['pdl', 'hunter', 'apollo', 'directory', 'heuristics'] as const;
export const ProviderName = z.enum(PROVIDERS);
export type ProviderName = z.infer<typeof ProviderName>;

/** Providers that run inside the worker (no network, no credits): they need no rate limit. */
export const EMBEDDED_PROVIDERS: ReadonlySet<ProviderName> = new Set(['directory', 'heuristics']);

/** What each provider can find. */
export const PROVIDER_FIELDS: Readonly<Record<ProviderName, readonly EnrichmentField[]>> = {
  pdl: ['name', 'title', 'seniority', 'department', 'linkedin', 'company', 'industry', 'employees', 'country'],
  hunter: ['emailStatus', 'company', 'industry', 'employees', 'country'],
  apollo: ['name', 'title', 'seniority', 'department', 'linkedin', 'company', 'industry', 'employees', 'country'],
  directory: ['company', 'industry', 'employees', 'country'],
  heuristics: ['company', 'seniority', 'department'],
};

/** Fields about the company (looked up by domain); the others are about the person (by email). */
export const COMPANY_FIELDS: ReadonlySet<EnrichmentField> = new Set(['company', 'industry', 'employees', 'country']);

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

/** The required fields still missing. */
export function missingFields(enrichment: Enrichment, required: readonly EnrichmentField[]): EnrichmentField[] {
  return required.filter((f) => enrichment[f] === undefined);
}

/**
 * What to ask a provider for: the fields it can find that are still unknown (all of them, not only
 * the required ones: one call answers what it can). For a personal (free-mail) address, company
 * fields are asked only of the providers that find a person's employer (PDL, Apollo): there is no
 * company behind the domain to look up.
 */
export function fieldsToAsk(provider: ProviderName, enrichment: Enrichment, personal: boolean): EnrichmentField[] {
  return PROVIDER_FIELDS[provider].filter(
    (f) => enrichment[f] === undefined && !(personal && COMPANY_FIELDS.has(f) && provider !== 'pdl' && provider !== 'apollo'),
  );
}

/** Add what a provider found to what is known; a known value is never overwritten. Returns the fields it added. */
export function mergeFindings(
  enrichment: Enrichment,
  findings: ProviderFindings,
  provider: string,
  at: string,
  asked: readonly EnrichmentField[],
): EnrichmentField[] {
  const added: EnrichmentField[] = [];
  for (const field of asked) {
    const value = findings[field];
    if (value === undefined || value === '' || enrichment[field] !== undefined) continue;
    enrichment[field] = { value, provider, at };
    added.push(field);
  }
  return added;
}

/** The value of a field as a string, or undefined. */
export function valueOf(enrichment: Enrichment, field: EnrichmentField): string | undefined {
  const v = enrichment[field]?.value;
  return v === undefined ? undefined : String(v);
}
