/**
 * The enrichment providers' adapters, each speaking its provider's documented HTTP API: People
 * Data Labs (person and company enrichment), Hunter (email verifier, domain search), Apollo (people
 * match); and the two embedded ones, the company directory and the heuristics. A provider makes one
 * or two look-ups, each about a subject (a person by email, a company by domain) and each cached.
 */
import type { ProviderAccount } from '../../config/index.js';
import type { Db } from '../../db/connect.js';
import { getCompany } from '../../db/leads/directory.js';
import { countryCode, headcount } from '../../domain/leads/countries.js';
import type { EnrichmentField, ProviderFindings, ProviderName } from '../../domain/leads/enrichment.js';
import { departmentOf, heuristicFindings, seniorityOf } from '../../domain/leads/heuristics.js';
import { retryAfterMs } from '../notifications/channel.js';

/** How long one provider request may take. */
const REQUEST_TIMEOUT_MS = 10_000;

/** What a look-up knows of the lead. */
export interface LookupLead {
  email: string;
  domain: string;
  personal: boolean;
  title?: string | undefined;
  company?: string | undefined;
}

/** Why a provider call failed, in terms of what to do about it. */
export class ProviderError extends Error {
  constructor(
    readonly kind: 'unauthorized' | 'rate_limited' | 'unavailable' | 'malformed',
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** One look-up a provider makes: its subject, the fields it may find, and the call. */
export interface LookupStep {
  /** The cache key (`person:<email>`, `company:<domain>`), or null when the lead gives nothing to look up. */
  subject(lead: LookupLead): string | null;
  /** Costs nothing and depends on the lead as given: asked every time, never cached. */
  uncached?: true;
  fields: readonly EnrichmentField[];
  call(lead: LookupLead): Promise<ProviderFindings>;
}

/** A provider: its look-ups, tried in order while they may still find something missing. */
export interface ProviderAdapter {
  name: ProviderName;
  steps: LookupStep[];
}

const person = (lead: LookupLead) => `person:${lead.email}`;
const company = (lead: LookupLead) => (lead.personal ? null : `company:${lead.domain}`);

/** Call a provider; a 404 (or what `noMatch` recognises) is no match, errors become ProviderErrors. */
async function request(what: string, url: URL, init: RequestInit, noMatch?: (body: unknown) => boolean): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new ProviderError('unavailable', `${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return null;
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw new ProviderError('unauthorized', `${what}: ${response.status} (the API key was refused)`);
  }
  if (response.status === 429) {
    await response.body?.cancel();
    throw new ProviderError('rate_limited', `${what}: 429 (rate limited)`, retryAfterMs(response.headers.get('retry-after')));
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ProviderError('unavailable', `${what}: ${response.status}`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ProviderError('malformed', `${what}: the answer is not JSON`);
  }
  if (typeof body !== 'object' || body === null) throw new ProviderError('malformed', `${what}: the answer is not a JSON object`);
  return noMatch?.(body) ? null : body;
}

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});

/** Drop what is empty. */
function findings(values: Record<string, string | number | undefined>): ProviderFindings {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));
}

/** People Data Labs: person enrichment by email (its record has the employer too), then company enrichment by website. */
export function pdlProvider(account: ProviderAccount): ProviderAdapter {
  const headers = { 'X-Api-Key': account.apiKey, Accept: 'application/json' };
  return {
    name: 'pdl',
    steps: [
      {
        subject: person,
        fields: ['name', 'title', 'seniority', 'department', 'linkedin', 'company', 'industry', 'employees', 'country'],
        async call(lead) {
          const url = new URL('/v5/person/enrich', account.baseUrl);
          url.searchParams.set('email', lead.email);
          const body = await request('People Data Labs person enrichment', url, { headers });
          if (!body) return {};
          const d = obj((body as Json).data);
          const levels = Array.isArray(d.job_title_levels) ? (d.job_title_levels as unknown[]).map(String) : [];
          const title = str(d.job_title);
          return findings({
            name: str(d.full_name),
            title,
            seniority:
              levels.includes('cxo') || levels.includes('owner')
                ? 'c_level'
                : (levels.find((l) => ['vp', 'director', 'manager', 'senior', 'entry'].includes(l)) ?? (title && seniorityOf(title))),
            department: str(d.job_title_role) ?? (title && departmentOf(title)),
            linkedin: str(d.linkedin_url),
            company: str(d.job_company_name),
            industry: str(d.job_company_industry),
            employees: headcount(d.job_company_size),
            country: countryCode(str(d.job_company_location_country) ?? str(d.location_country)),
          });
        },
      },
      {
        subject: company,
        fields: ['company', 'industry', 'employees', 'country'],
        async call(lead) {
          const url = new URL('/v5/company/enrich', account.baseUrl);
          url.searchParams.set('website', lead.domain);
          const body = (await request('People Data Labs company enrichment', url, { headers })) as Json | null;
          if (!body) return {};
          return findings({
            company: str(body.display_name) ?? str(body.name),
            industry: str(body.industry),
            employees: headcount(body.employee_count) ?? headcount(body.size),
            country: countryCode(str(obj(body.location).country)),
          });
        },
      },
    ],
  };
}

/** Hunter: the email verifier (is the address deliverable), then domain search (the organisation behind the domain). */
export function hunterProvider(account: ProviderAccount): ProviderAdapter {
  const withKey = (path: string, params: Record<string, string>) => {
    const url = new URL(path, account.baseUrl);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    url.searchParams.set('api_key', account.apiKey);
    return url;
  };
  return {
    name: 'hunter',
    steps: [
      {
        subject: person,
        fields: ['emailStatus'],
        async call(lead) {
          const body = await request('Hunter email verifier', withKey('/v2/email-verifier', { email: lead.email }), {
            headers: { Accept: 'application/json' },
          });
          const d = obj(obj(body).data);
          return findings({ emailStatus: str(d.result) === 'undeliverable' ? 'invalid' : str(d.status) });
        },
      },
      {
        subject: company,
        fields: ['company', 'industry', 'employees', 'country'],
        async call(lead) {
          const body = await request('Hunter domain search', withKey('/v2/domain-search', { domain: lead.domain, limit: '1' }), {
            headers: { Accept: 'application/json' },
          });
          const d = obj(obj(body).data);
          return findings({ company: str(d.organization), industry: str(d.industry), employees: headcount(d.headcount), country: countryCode(str(d.country)) });
        },
      },
    ],
  };
}

/** Apollo: people match by email (a match carries the person's organisation). */
export function apolloProvider(account: ProviderAccount): ProviderAdapter {
  return {
    name: 'apollo',
    steps: [
      {
        subject: person,
        fields: ['name', 'title', 'seniority', 'department', 'linkedin', 'company', 'industry', 'employees', 'country'],
        async call(lead) {
          const url = new URL('/api/v1/people/match', account.baseUrl);
          const body = await request(
            'Apollo people match',
            url,
            {
              method: 'POST',
              headers: { 'x-api-key': account.apiKey, 'Content-Type': 'application/json', Accept: 'application/json' },
              body: JSON.stringify({ email: lead.email, reveal_personal_emails: false }),
            },
            (b) => !(b as Json).person,
          );
          if (!body) return {};
          const p = obj((body as Json).person);
          const org = obj(p.organization);
          const title = str(p.title);
          const seniority = str(p.seniority);
          const departments = Array.isArray(p.departments) ? (p.departments as unknown[]).map(String) : [];
          return findings({
            name: str(p.name),
            title,
            seniority: seniority === 'c_suite' || seniority === 'founder' || seniority === 'owner' ? 'c_level' : (seniority ?? (title && seniorityOf(title))),
            department: departments[0]?.replace(/^master_/, '').split('_')[0] ?? (title && departmentOf(title)),
            linkedin: str(p.linkedin_url),
            company: str(org.name),
            industry: str(org.industry),
            employees: headcount(org.estimated_num_employees),
            country: countryCode(str(org.country) ?? str(p.country)),
          });
        },
      },
    ],
  };
}

/** The project's own company directory (POST /api/companies), matched by domain. */
export function directoryProvider(db: Db): ProviderAdapter {
  return {
    name: 'directory',
    steps: [
      {
        subject: company,
        fields: ['company', 'industry', 'employees', 'country'],
        async call(lead) {
          const c = await getCompany(db, lead.domain);
          return c
            ? findings({ company: c.name, industry: c.industry ?? undefined, employees: c.employees ?? undefined, country: c.country ?? undefined })
            : {};
        },
      },
    ],
  };
}

/** What can be told without asking anyone: a company from the domain, seniority and department from the title. */
export const heuristicsProvider: ProviderAdapter = {
  name: 'heuristics',
  steps: [
    {
      subject: (lead) => `lead:${lead.email}`,
      uncached: true,
      fields: ['company', 'seniority', 'department'],
      call: async (lead) => heuristicFindings(lead),
    },
  ],
};

/** The adapters of the configured providers. */
export function providerAdapters(db: Db, accounts: Partial<Record<ProviderName, ProviderAccount>>): Map<ProviderName, ProviderAdapter> {
  const adapters = new Map<ProviderName, ProviderAdapter>([
    ['directory', directoryProvider(db)],
    ['heuristics', heuristicsProvider],
  ]);
  if (accounts.pdl) adapters.set('pdl', pdlProvider(accounts.pdl));
  if (accounts.hunter) adapters.set('hunter', hunterProvider(accounts.hunter));
  if (accounts.apollo) adapters.set('apollo', apolloProvider(accounts.apollo));
  return adapters;
}
