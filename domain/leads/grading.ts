/**
 * The scoring rules: fit and engagement, each 0-100 with its reasons, the grade by thresholds in
 * code, and the explanation a salesperson reads. Pure and schema-free, for workflow code (the
 * schemas of profile, grade and score are in `scoring.ts`).
 */
import type { Enrichment } from './enrichment.js';
import type { Grade, IdealCustomerProfile, LeadScore } from './scoring.js';
import { valueOf } from './waterfall.js';

/** The profile in force until an admin sets one. */
export const DEFAULT_ICP: IdealCustomerProfile = {
  industries: ['software', 'saas', 'fintech', 'financial services', 'logistics', 'manufacturing', 'e-commerce'],
  employees: { min: 50, max: 5000 },
  countries: ['DE', 'AT', 'CH', 'NL', 'FR', 'GB', 'US', 'CA'],
  seniorities: ['c_level', 'vp', 'director', 'manager'],
  departments: ['engineering', 'operations', 'finance', 'executive', 'product'],
};

/** Where a grade sends a lead: A to a salesperson, B to nurture, C to the archive. */
export type LeadRoute = 'sales' | 'nurture' | 'archive';

/** Fit at or above these is A, then B; below, C. */
export const FIT_THRESHOLDS = { A: 70, B: 45 } as const;
/** Engagement at or above these is 1, then 2; below, 3. */
export const ENGAGEMENT_THRESHOLDS = { 1: 65, 2: 35 } as const;

/** A score with the reasons it is made of, each a line a salesperson can read. */
export interface ScorePart {
  score: number;
  reasons: string[];
}

/** What scoring reads of a lead. */
export interface ScoringFacts {
  personal: boolean;
  source?: string | undefined;
  message?: string | undefined;
  /** When the person last did something (their latest submission, or a list's activity date). */
  lastActivityAt: string;
  enrichment: Enrichment;
}

/** Words that show someone wants to buy. */
const INTENT = /\b(demo|pricing|price|prices|quote|trial|buy|purchase|proposal|contract|rfp|call me|talk to sales|licen[cs]e|budget|evaluate|evaluating)\b/i;

/** Text that tries to instruct whoever scores it: it earns nothing and is flagged. */
const INSTRUCTION_TO_SCORER =
  /\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules?|prompt|previous|above)\b|\b(score|grade|rate|rank|classify)\s+(me|this|us|the lead)\b|\bsystem prompt\b|\b(A1|top priority|highest score)\b/i;

const SOURCE_POINTS: [RegExp, number, string][] = [
  [/demo/i, 45, 'asked for a demo'],
  [/referr/i, 35, 'came by referral'],
  [/web|form|contact|website|inbound|email/i, 35, 'wrote in through the web form'],
  [/trade|show|event|conference|fair|webinar|meetup/i, 25, 'met us at an event'],
  [/list|import|export|purchased|csv|scrape/i, 10, 'came from a list'],
];

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));

/** True when the text tries to tell the scorer what to do. */
export function instructsScorer(text: string | undefined): boolean {
  return text !== undefined && INSTRUCTION_TO_SCORER.test(text);
}

/** Fit: the company and the person against the profile. */
export function fitScore(facts: ScoringFacts, icp: IdealCustomerProfile, flags: string[]): ScorePart {
  const e = facts.enrichment;
  const reasons: string[] = [];
  let score = 0;
  const industry = valueOf(e, 'industry')?.toLowerCase();
  if (industry === undefined) reasons.push('industry unknown (+0)');
  else if (icp.industries.some((i) => industry.includes(i) || i.includes(industry))) {
    score += 30;
    reasons.push(`industry "${industry}" is in the profile (+30)`);
  } else reasons.push(`industry "${industry}" is not in the profile (+0)`);

  const employees = Number(valueOf(e, 'employees'));
  if (!Number.isFinite(employees) || valueOf(e, 'employees') === undefined) reasons.push('company size unknown (+0)');
  else if (employees >= icp.employees.min && employees <= icp.employees.max) {
    score += 25;
    reasons.push(`${employees} employees, within ${icp.employees.min}-${icp.employees.max} (+25)`);
  } else if (employees >= icp.employees.min / 2 && employees <= icp.employees.max * 2) {
    score += 10;
    reasons.push(`${employees} employees, near ${icp.employees.min}-${icp.employees.max} (+10)`);
  } else reasons.push(`${employees} employees, outside ${icp.employees.min}-${icp.employees.max} (+0)`);

  const country = valueOf(e, 'country')?.toUpperCase();
  if (country === undefined) reasons.push('country unknown (+0)');
  else if (icp.countries.includes(country)) {
    score += 15;
    reasons.push(`based in ${country}, a profile country (+15)`);
  } else reasons.push(`based in ${country}, not a profile country (+0)`);

  const seniority = valueOf(e, 'seniority');
  if (seniority && (icp.seniorities as string[]).includes(seniority)) {
    score += 20;
    reasons.push(`seniority ${seniority} decides or influences (+20)`);
  } else if (seniority === 'senior') {
    score += 8;
    reasons.push('a senior individual contributor (+8)');
  } else reasons.push(`seniority ${seniority ?? 'unknown'} (+0)`);

  const department = valueOf(e, 'department');
  if (department && icp.departments.includes(department)) {
    score += 10;
    reasons.push(`department ${department} is one we sell to (+10)`);
  }

  if (facts.personal) {
    score -= 15;
    flags.push('personal_email');
    reasons.push('a personal (free-mail) address: no company behind it (-15)');
  }
  const status = valueOf(e, 'emailStatus');
  if (status === 'invalid' || status === 'undeliverable') {
    flags.push('undeliverable_email');
    reasons.push('the email address does not receive mail (fit halved)');
    score = score / 2;
  }
  return { score: clamp(score), reasons };
}

/** Engagement: where the lead came from, what they wrote, how recently. */
export function engagementScore(facts: ScoringFacts, now: string, flags: string[]): ScorePart {
  const reasons: string[] = [];
  let score = 0;
  const source = facts.source ?? '';
  const points = SOURCE_POINTS.find(([pattern]) => pattern.test(source));
  if (points) {
    score += points[1];
    reasons.push(`${points[2]} (+${points[1]})`);
  } else {
    score += 15;
    reasons.push(`source ${source ? `"${source}"` : 'not given'} (+15)`);
  }

  const message = facts.message?.trim();
  if (message && instructsScorer(message)) {
    flags.push('instructions_in_text');
    reasons.push('the message tries to instruct the scorer: it earns nothing (+0)');
  } else if (message && INTENT.test(message)) {
    score += 35;
    reasons.push('the message asks about buying: a demo, pricing, a trial (+35)');
  } else if (message) {
    score += 15;
    reasons.push('wrote a message (+15)');
  }

  const ageDays = (Date.parse(now) - Date.parse(facts.lastActivityAt)) / 86_400_000;
  if (ageDays <= 7) {
    score += 20;
    reasons.push('active within the last week (+20)');
  } else if (ageDays <= 30) {
    score += 10;
    reasons.push('active within the last month (+10)');
  } else reasons.push(`last active ${Math.round(ageDays)} days ago (+0)`);
  return { score: clamp(score), reasons };
}

/** The grade of two scores. */
export function gradeOf(fit: number, engagement: number): Grade {
  const letter = fit >= FIT_THRESHOLDS.A ? 'A' : fit >= FIT_THRESHOLDS.B ? 'B' : 'C';
  const digit = engagement >= ENGAGEMENT_THRESHOLDS[1] ? 1 : engagement >= ENGAGEMENT_THRESHOLDS[2] ? 2 : 3;
  return `${letter}${digit}`;
}

/** Where a grade sends a lead. */
export function routeOf(grade: Grade): LeadRoute {
  return grade.startsWith('A') ? 'sales' : grade.startsWith('B') ? 'nurture' : 'archive';
}

const LETTER_WORDS = { A: 'a strong fit', B: 'a partial fit', C: 'a weak fit' } as const;
const DIGIT_WORDS = { '1': 'highly engaged', '2': 'somewhat engaged', '3': 'barely engaged' } as const;

/** Score a lead by the rules. */
export function scoreLead(facts: ScoringFacts, icp: IdealCustomerProfile, now: string): LeadScore {
  const flags: string[] = [];
  const fit = fitScore(facts, icp, flags);
  const engagement = engagementScore(facts, now, flags);
  const grade = gradeOf(fit.score, engagement.score);
  const route = routeOf(grade);
  const company = valueOf(facts.enrichment, 'company');
  const routeWords = { sales: 'goes to a salesperson', nurture: 'goes to the nurture list', archive: 'is archived' }[route];
  const explanation = [
    `${grade}: ${LETTER_WORDS[grade[0] as 'A' | 'B' | 'C']} (fit ${fit.score}/100) and ${DIGIT_WORDS[grade[1] as '1' | '2' | '3']} (engagement ${engagement.score}/100); it ${routeWords}.`,
    `Fit${company ? ` of ${company}` : ''}: ${fit.reasons.join('; ')}.`,
    `Engagement: ${engagement.reasons.join('; ')}.`,
  ].join(' ');
  return { fit: fit.score, engagement: engagement.score, grade, route, reasons: { fit: fit.reasons, engagement: engagement.reasons }, flags, explanation };
}
