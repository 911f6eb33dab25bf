/**
 * The lead's side effects: asking a provider (cached, claimed once, its limits respected), the
 * profile and the territories in force, choosing an owner, the AI readings, recording the lead,
 * sending the outreach, and paging through a list.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { setTimeout as sleep } from 'node:timers/promises';
import { allPeople } from '../../db/people.js';
import { recordRun } from '../../db/runs.js';
import {
  claimLookup,
  completeLookup,
  coolingDownUntil,
  countUsage,
  providerFailed,
  providerSucceeded,
  releaseLookup,
  type UsageCounts,
} from '../../db/leads/enrichment.js';
import { nextTurn } from '../../db/leads/directory.js';
import { recordLead } from '../../db/leads/leads.js';
import { listRowsFrom, setLeadListStatus } from '../../db/leads/lists.js';
import { enqueueNotification } from '../../db/notifications.js';
import { getSetting } from '../../db/settings.js';
import type { EnrichmentField, ProviderFindings, ProviderName } from '../../domain/leads/enrichment.js';
import { ownerCandidates, DEFAULT_LEAD_ROUTING, LeadRouting } from '../../domain/leads/routing.js';
import { DEFAULT_ICP, IdealCustomerProfile } from '../../domain/leads/scoring.js';
import type { LeadAssignment, LeadSettings, LeadState } from '../../domain/leads/state.js';
import type { OutreachDraft, OutreachFacts } from '../../domain/leads/outreach.js';
import type { LeadScoringProposal, LeadScore, ScoringFacts } from '../../domain/leads/scoring.js';
import { sideEffectKey } from '../../domain/ids.js';
import { aiFailure } from '../ai/provider.js';
import { heartbeating, type ActivityDeps } from '../deps.js';
import type { ProviderChoice } from '../invoice/reading.js';
import { HttpError } from '../../domain/errors.js';
import { leadOutreachTask, leadScoringTask } from './ai-tasks.js';
import { fetchLeadList } from './lists.js';
import { leadSettings } from './submit.js';
import { providerAdapters, ProviderError, type LookupLead } from './providers.js';
import type { Db } from '../../db/connect.js';
import { enrichmentCalls } from '../../config/metrics.js';

/** Count a provider's use in the database (the usage report) and in the metrics. */
async function usage(db: Db, provider: string, counts: UsageCounts): Promise<void> {
  const outcome = counts.matches ? 'match' : counts.noMatches ? 'no_match' : counts.errors ? 'error' : counts.cacheHits ? 'cache_hit' : 'skipped';
  enrichmentCalls.inc({ provider, outcome });
  await countUsage(db, provider, counts);
}

/** The settings keys of the ideal customer profile and the territories. */
export const LEAD_ICP_KEY = 'lead-icp';
export const LEAD_ROUTING_KEY = 'lead-routing';

/** Failures in a row after which a provider cools down. */
const FAILURES_BEFORE_COOLDOWN = 3;
/** How long a claimed look-up may take before another run may claim it. */
const LOOKUP_LEASE_MS = 30_000;
/** How often a run waiting for another's look-up checks for its answer. */
const BUSY_POLL_MS = 100;

/** The profile in force. */
export async function leadIcp(deps: Pick<ActivityDeps, 'db'>) {
  return getSetting(deps.db, LEAD_ICP_KEY, IdealCustomerProfile, DEFAULT_ICP);
}

/** The territories in force. */
export async function leadRouting(deps: Pick<ActivityDeps, 'db'>) {
  return getSetting(deps.db, LEAD_ROUTING_KEY, LeadRouting, DEFAULT_LEAD_ROUTING);
}

/** What asking a provider is told. */
export interface ProviderLookupInput {
  provider: ProviderName;
  lead: LookupLead;
  /** The fields still missing that this provider may find. */
  asked: EnrichmentField[];
  cacheTtlMs: number;
  cooldownMs: number;
}

/** What a provider answered: each look-up's findings with when they were found, and whether from the cache. */
export interface ProviderLookupResult {
  outcome: 'matched' | 'no_match' | 'skipped_cooling_down';
  answers: { findings: ProviderFindings; at: string; cached: boolean }[];
  message?: string;
}

function providerFailure(error: ProviderError, provider: string, coolingDown: boolean): ApplicationFailure {
  if (error.kind === 'unauthorized') return ApplicationFailure.create({ type: 'ProviderUnauthorized', message: error.message, nonRetryable: true });
  if (coolingDown)
    return ApplicationFailure.create({
      type: 'ProviderCoolingDown',
      message: `${error.message}; ${provider} failed repeatedly and cools down`,
      nonRetryable: true,
    });
  return ApplicationFailure.create({
    type: error.kind === 'rate_limited' ? 'ProviderRateLimited' : 'ProviderUnavailable',
    message: error.message,
    ...(error.retryAfterMs !== undefined && { nextRetryDelay: Math.min(error.retryAfterMs, 120_000) }),
  });
}

/** The lead activities. */
export function leadActivities(deps: ActivityDeps) {
  const { db } = deps;
  const adapters = providerAdapters(db, deps.config.leads.accounts);

  /** One look-up of one subject: the stored answer, another run's answer once it has it, or a call of our own. */
  async function lookUp(provider: ProviderName, subject: string, call: () => Promise<ProviderFindings>, ttlMs: number, cooldownMs: number) {
    const deadline = Date.now() + LOOKUP_LEASE_MS;
    for (;;) {
      const claim = await claimLookup(db, provider, subject, ttlMs, LOOKUP_LEASE_MS);
      if (claim.kind === 'cached') {
        await usage(db, provider, { cacheHits: 1 });
        return { findings: claim.findings, at: claim.fetchedAt, cached: true };
      }
      if (claim.kind === 'claimed') break;
      if (Date.now() > deadline)
        throw ApplicationFailure.create({ type: 'LookupInProgress', message: `Another run's ${provider} look-up of ${subject} has not finished.` });
      Context.current().heartbeat();
      await sleep(BUSY_POLL_MS);
    }
    try {
      const findings = await call();
      const at = await completeLookup(db, provider, subject, findings);
      const matched = Object.keys(findings).length > 0;
      await usage(db, provider, { calls: 1, ...(matched ? { matches: 1 } : { noMatches: 1 }) });
      await providerSucceeded(db, provider);
      return { findings, at, cached: false };
    } catch (error) {
      await releaseLookup(db, provider, subject);
      if (!(error instanceof ProviderError)) throw error;
      await usage(db, provider, { calls: 1, errors: 1 });
      const coolingDown = error.kind === 'rate_limited' ? false : await providerFailed(db, provider, error.message, FAILURES_BEFORE_COOLDOWN, cooldownMs);
      throw providerFailure(error, provider, coolingDown);
    }
  }

  return {
    /**
     * Ask one provider for the fields still missing: each of its look-ups that may find one of
     * them, from the cache when a fresh answer is stored (no call, no credit). A provider cooling
     * down is skipped; a refused key fails for good; a rate limit waits as long as it asks.
     */
    async lookUpProvider(input: ProviderLookupInput): Promise<ProviderLookupResult> {
      const adapter = adapters.get(input.provider);
      if (!adapter)
        throw ApplicationFailure.create({
          type: 'ProviderNotConfigured',
          message: `No ${input.provider} account is configured on this worker.`,
          nonRetryable: true,
        });
      const until = await coolingDownUntil(db, input.provider);
      if (until) {
        await usage(db, input.provider, { skipped: 1 });
        return { outcome: 'skipped_cooling_down', answers: [], message: `${input.provider} cools down until ${until} after repeated failures` };
      }
      const answers: ProviderLookupResult['answers'] = [];
      const wanted = new Set(input.asked);
      for (const step of adapter.steps) {
        if (!step.fields.some((f) => wanted.has(f))) continue;
        const subject = step.subject(input.lead);
        if (subject === null) continue;
        const answer = step.uncached
          ? { findings: await step.call(input.lead), at: new Date().toISOString(), cached: false }
          : await lookUp(input.provider, subject, () => step.call(input.lead), input.cacheTtlMs, input.cooldownMs);
        answers.push(answer);
        for (const field of Object.keys(answer.findings) as EnrichmentField[]) wanted.delete(field);
        if (wanted.size === 0) break;
      }
      return { outcome: answers.some((a) => Object.keys(a.findings).length > 0) ? 'matched' : 'no_match', answers };
    },

    /** The settings a lead starts with on this worker now (a scheduled list takes them when it starts). */
    async leadSettingsNow(): Promise<{ settings: LeadSettings; concurrency: number }> {
      return { settings: leadSettings(deps.config), concurrency: deps.config.leads.concurrency };
    },

    /** The ideal customer profile in force. */
    async leadProfile(): Promise<IdealCustomerProfile> {
      return (await leadIcp(deps)).value;
    },

    /**
     * Choose an owner: the lead's territory's salespeople in turn, else every salesperson in turn,
     * leaving out who had it already (a reassignment). Null when nobody in sales may take it.
     */
    async assignLeadOwner(input: { country: string | undefined; exclude: string[]; why: 'first' | 'reassigned' }): Promise<Omit<LeadAssignment, 'at'> | null> {
      const { value: routing } = await leadRouting(deps);
      const salespeople = (await allPeople(db)).filter((p) => p.roles.includes('sales')).map((p) => p.user);
      const { pool, candidates } = ownerCandidates(routing, input.country, salespeople);
      const open = candidates.filter((c) => !input.exclude.includes(c));
      if (open.length === 0) return null;
      const turn = await nextTurn(db, pool);
      const why = input.why === 'reassigned' ? 'reassigned' : pool === 'everyone' ? 'round_robin' : 'territory';
      return { owner: open[turn % open.length]!, pool, why };
    },

    /** Who a person is, for the draft's signature. */
    async personName(input: { user: string }): Promise<string> {
      const person = (await allPeople(db)).find((p) => p.user === input.user);
      return person?.name ?? input.user;
    },

    /** Ask the configured AI model for its reading of a lead (the rules' grade stands whatever it says). */
    async proposeLeadScore(input: { facts: ScoringFacts; rules: LeadScore; provider: ProviderChoice }): Promise<LeadScoringProposal & { provider: string }> {
      const provider = input.provider === 'primary' ? deps.ai : deps.fallbackAi;
      try {
        return { ...(await heartbeating(() => provider.run(leadScoringTask, { facts: input.facts, rules: input.rules }))), provider: provider.name };
      } catch (error) {
        aiFailure(error);
      }
    },

    /** Ask the configured AI model (or the offline composer) for an outreach draft. */
    async draftOutreach(input: { facts: OutreachFacts; provider: ProviderChoice }): Promise<OutreachDraft & { provider: string }> {
      const provider = input.provider === 'primary' ? deps.ai : deps.fallbackAi;
      try {
        return { ...(await heartbeating(() => provider.run(leadOutreachTask, input.facts))), provider: provider.name };
      } catch (error) {
        aiFailure(error);
      }
    },

    /** Record the lead in the CRM table and the run register. */
    async recordLead(input: { state: LeadState; runId: string }): Promise<void> {
      await recordLead(db, input.state, input.runId);
    },

    /** Send the outreach by email, once: the outbox keys it by the run and step, so a retry sends nothing twice. */
    async sendOutreach(input: { workflowId: string; step: string; to: string; subject: string; body: string }): Promise<{ key: string }> {
      const key = sideEffectKey(input.workflowId, input.step);
      await enqueueNotification(db, {
        key,
        workflowId: input.workflowId,
        channel: 'email',
        recipient: `email:${input.to}`,
        subject: input.subject,
        body: input.body,
      });
      return { key };
    },

    /** The next rows of a list to start. */
    async leadListRows(input: { listId: string; position: number; limit: number }) {
      return listRowsFrom(db, input.listId, input.position, input.limit);
    },

    /** Fetch a scheduled list (a CSV at a URL or a file) and store its rows; a list that cannot be read fails for good. */
    async fetchLeadList(input: Parameters<typeof fetchLeadList>[1]): Promise<void> {
      try {
        await fetchLeadList(db, input);
      } catch (error) {
        if (error instanceof HttpError) throw ApplicationFailure.create({ type: 'InvalidLeadList', message: error.message, nonRetryable: true });
        throw error;
      }
    },

    /** A list's status, in its own table and in the shared run register. */
    async setLeadListStatus(input: { listId: string; status: string; run: Parameters<typeof recordRun>[1] }): Promise<void> {
      await setLeadListStatus(db, input.listId, input.status);
      await recordRun(db, input.run);
    },
  };
}
