/**
 * The embedded heuristics provider: what can be told without asking anyone. A company name from a
 * business domain ("acme-robotics.io" -> "Acme Robotics"), seniority and department from a title.
 */
import type { ProviderFindings } from './enrichment.js';

/** Seniority levels, most senior first. */
export const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'senior', 'entry'] as const;
export type Seniority = (typeof SENIORITIES)[number];

const SENIORITY_PATTERNS: [Seniority, RegExp][] = [
  ['c_level', /\b(ceo|cto|cfo|coo|cio|cmo|cro|ciso|chief|founder|co-?founder|owner|president|managing director|geschäftsführer)\b/i],
  ['vp', /\b(vp|svp|evp|vice president|head of)\b/i],
  ['director', /\bdirector\b/i],
  ['manager', /\b(manager|lead|leiter|teamlead)\b/i],
  ['senior', /\b(senior|sr\.?|principal|staff)\b/i],
  ['entry', /\b(junior|jr\.?|intern|trainee|assistant|associate|analyst|engineer|developer|specialist|coordinator|representative)\b/i],
];

const DEPARTMENT_PATTERNS: [string, RegExp][] = [
  ['engineering', /\b(engineer\w*|developer|cto|software|devops|platform|technology|it|architect)\b/i],
  ['sales', /\b(sales|account executive|business development|bdr|sdr|cro|revenue)\b/i],
  ['marketing', /\b(marketing|cmo|growth|brand|content|demand)\b/i],
  ['finance', /\b(finance|cfo|controller|accounting|accountant|treasur\w*)\b/i],
  ['operations', /\b(operations|coo|ops|supply chain|logistics|procurement)\b/i],
  ['product', /\b(product)\b/i],
  ['hr', /\b(hr|people|talent|recruit\w*|human resources)\b/i],
  ['executive', /\b(ceo|founder|co-?founder|owner|president|managing director)\b/i],
];

/** The seniority a title suggests, if any. */
export function seniorityOf(title: string): Seniority | undefined {
  return SENIORITY_PATTERNS.find(([, pattern]) => pattern.test(title))?.[0];
}

/** The department a title suggests, if any. */
export function departmentOf(title: string): string | undefined {
  return DEPARTMENT_PATTERNS.find(([, pattern]) => pattern.test(title))?.[0];
}

const GENERIC_LABELS = new Set(['www', 'mail', 'app', 'co', 'com', 'inc', 'gmbh', 'ltd', 'llc']);

/** A company name read from a business domain: the registrable label, words capitalised. */
export function companyFromDomain(domain: string): string | undefined {
  const labels = domain
    .toLowerCase()
    .split('.')
    .filter((l) => l && !GENERIC_LABELS.has(l));
  // "acme.co.uk" -> "acme"; "eu.acme-robotics.io" -> "acme-robotics".
  const label = labels.length >= 2 ? labels[labels.length - 2] : labels[0];
  if (!label || label.length < 2) return undefined;
  if (label.length <= 3) return label.toUpperCase();
  return label
    .split(/[-_]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

/** What the heuristics find for a lead. */
export function heuristicFindings(lead: { domain: string; personal: boolean; title?: string | undefined; company?: string | undefined }): ProviderFindings {
  const findings: ProviderFindings = {};
  if (!lead.personal && !lead.company) {
    const company = companyFromDomain(lead.domain);
    if (company) findings.company = company;
  }
  if (lead.title) {
    const seniority = seniorityOf(lead.title);
    const department = departmentOf(lead.title);
    if (seniority) findings.seniority = seniority;
    if (department) findings.department = department;
  }
  return findings;
}
