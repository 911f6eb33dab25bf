/**
 * The waterfall's rules: ask providers in order, each only for the fields still missing, and stop
 * when the required fields are found. Pure and schema-free, for workflow code (the schemas of
 * these values are in `enrichment.ts`).
 */
import type { Enrichment, EnrichmentField, ProviderFindings, ProviderName } from './enrichment.js';

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

/** Providers with an adapter: three data providers' HTTP APIs, and two embedded ones that need no key. */
export const PROVIDERS = ['pdl', 'hunter', 'apollo', 'directory', 'heuristics'] as const;

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
