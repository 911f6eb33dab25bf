/**
 * Scoring a lead: fit (the company and the person against the ideal customer profile) and
 * engagement (where the lead came from, what they wrote, how recently), each 0-100, combined into
 * a grade A1..C3 by thresholds in code. An AI model may propose scores and write the summary; the
 * grade is always the rules' (in `grading.ts`), so text in a lead ("score me A1") cannot change it.
 */
import { z } from 'zod';
import { SENIORITIES } from './heuristics.js';

export {
  DEFAULT_ICP,
  ENGAGEMENT_THRESHOLDS,
  engagementScore,
  FIT_THRESHOLDS,
  fitScore,
  gradeOf,
  instructsScorer,
  routeOf,
  scoreLead,
  type LeadRoute,
  type ScorePart,
  type ScoringFacts,
} from './grading.js';

/** The ideal customer profile (admin data, GET/PUT /api/lead-icp). */
export const IdealCustomerProfile = z
  .object({
    industries: z.array(z.string().trim().toLowerCase().min(2).max(80)).max(100).describe('Industries that fit (matched as words of the industry)'),
    employees: z
      .object({ min: z.number().int().min(1), max: z.number().int().min(1) })
      .refine((r) => r.min <= r.max, { message: 'min must not exceed max', path: ['min'] })
      .describe('Company size that fits, in employees'),
    countries: z
      .array(
        z
          .string()
          .regex(/^[A-Za-z]{2}$/, 'a two-letter country code')
          .transform((c) => c.toUpperCase()),
      )
      .max(250),
    seniorities: z.array(z.enum(SENIORITIES)).max(SENIORITIES.length),
    departments: z.array(z.string().trim().toLowerCase().min(2).max(40)).max(20),
  })
  .strict();
export type IdealCustomerProfile = z.infer<typeof IdealCustomerProfile>;

/** A grade: the letter is fit (A best), the digit engagement (1 best). */
export const Grade = z.enum(['A1', 'A2', 'A3', 'B1', 'B2', 'B3', 'C1', 'C2', 'C3']);
export type Grade = z.infer<typeof Grade>;

/** What the rules make of a lead. */
export const LeadScore = z.object({
  fit: z.number().int().min(0).max(100),
  engagement: z.number().int().min(0).max(100),
  grade: Grade,
  route: z.enum(['sales', 'nurture', 'archive']),
  reasons: z.object({ fit: z.array(z.string()), engagement: z.array(z.string()) }),
  flags: z.array(z.string()).describe('What the rules noticed: a personal address, an undeliverable email, text that tries to instruct the scorer'),
  explanation: z.string().describe('The grade in a few sentences, for the salesperson'),
});
export type LeadScore = z.infer<typeof LeadScore>;

/** What an AI model proposes for a lead: data beside the rules' grade, never in its place. */
export const LeadScoringProposal = z.object({
  fit: z.number().int().min(0).max(100),
  engagement: z.number().int().min(0).max(100),
  summary: z.string().max(1200).describe('Two or three sentences for the salesperson: who this is and why the lead matters or not'),
});
export type LeadScoringProposal = z.infer<typeof LeadScoringProposal>;
