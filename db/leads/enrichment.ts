/**
 * Provider look-ups and their use. Each look-up (a provider, a subject: `person:<email>` or
 * `company:<domain>`) is made once within the cache TTL: a run claims it before calling, so of
 * twenty runs that need it at once one calls and the others wait for its answer; the answer, a
 * match or none, is kept and reused. Per provider: calls, matches, errors, and a cool-down after
 * repeated failures.
 */
import { sql } from 'kysely';
import type { ProviderFindings } from '../../domain/leads/enrichment.js';
import type { Db } from '../connect.js';
import { nowIso } from '../util.js';

/** What a claim found. */
export type LookupClaim = { kind: 'claimed' } | { kind: 'busy' } | { kind: 'cached'; findings: ProviderFindings; fetchedAt: string };

/**
 * Claim a look-up for calling, unless a fresh answer is stored (`cached`) or another run's call is
 * under way (`busy`). Atomic: of runs racing for one look-up, one claims it.
 */
export async function claimLookup(db: Db, provider: string, subject: string, ttlMs: number, leaseMs: number): Promise<LookupClaim> {
  const now = new Date();
  const cutoff = new Date(now.getTime() - ttlMs).toISOString();
  const claim = { state: 'pending', claimed_until: new Date(now.getTime() + leaseMs).toISOString() };
  const result = await db
    .insertInto('enrichment_lookups')
    .values({ provider, subject, ...claim, findings: null, fetched_at: null })
    .onConflict((oc) =>
      oc
        .columns(['provider', 'subject'])
        .doUpdateSet(claim)
        .where((eb) =>
          eb.or([
            eb.and([eb('enrichment_lookups.state', '=', 'done'), eb('enrichment_lookups.fetched_at', '<', cutoff)]),
            eb.and([eb('enrichment_lookups.state', '=', 'pending'), eb('enrichment_lookups.claimed_until', '<', now.toISOString())]),
          ]),
        ),
    )
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) return { kind: 'claimed' };
  const row = await db.selectFrom('enrichment_lookups').selectAll().where('provider', '=', provider).where('subject', '=', subject).executeTakeFirst();
  if (row?.state === 'done' && row.fetched_at)
    return { kind: 'cached', findings: JSON.parse(row.findings ?? '{}') as ProviderFindings, fetchedAt: row.fetched_at };
  return { kind: 'busy' };
}

/** Store a look-up's answer ({} for no match). */
export async function completeLookup(db: Db, provider: string, subject: string, findings: ProviderFindings): Promise<string> {
  const at = nowIso();
  await db
    .updateTable('enrichment_lookups')
    .set({ state: 'done', findings: JSON.stringify(findings), fetched_at: at, claimed_until: null })
    .where('provider', '=', provider)
    .where('subject', '=', subject)
    .execute();
  return at;
}

/** Give a claim up (the call failed): the next run may claim it at once. */
export async function releaseLookup(db: Db, provider: string, subject: string): Promise<void> {
  await db.deleteFrom('enrichment_lookups').where('provider', '=', provider).where('subject', '=', subject).where('state', '=', 'pending').execute();
}

/** Fresh stored answers for these look-ups, by `provider|subject`. */
export async function cachedLookups(
  db: Db,
  lookups: { provider: string; subject: string }[],
  ttlMs: number,
): Promise<Map<string, { findings: ProviderFindings; fetchedAt: string }>> {
  const found = new Map<string, { findings: ProviderFindings; fetchedAt: string }>();
  if (lookups.length === 0) return found;
  const cutoff = new Date(Date.now() - ttlMs).toISOString();
  const rows = await db
    .selectFrom('enrichment_lookups')
    .selectAll()
    .where('state', '=', 'done')
    .where('fetched_at', '>=', cutoff)
    .where((eb) => eb.or(lookups.map((l) => eb.and([eb('provider', '=', l.provider), eb('subject', '=', l.subject)]))))
    .execute();
  for (const row of rows)
    found.set(`${row.provider}|${row.subject}`, { findings: JSON.parse(row.findings ?? '{}') as ProviderFindings, fetchedAt: row.fetched_at! });
  return found;
}

/** Counters of a provider's use. */
export interface UsageCounts {
  calls?: number;
  matches?: number;
  noMatches?: number;
  errors?: number;
  cacheHits?: number;
  skipped?: number;
}

/** Add to a provider's counters. */
export async function countUsage(db: Db, provider: string, counts: UsageCounts): Promise<void> {
  const c = { calls: 0, matches: 0, noMatches: 0, errors: 0, cacheHits: 0, skipped: 0, ...counts };
  const now = nowIso();
  await db
    .insertInto('enrichment_usage')
    .values({
      provider,
      calls: c.calls,
      matches: c.matches,
      no_matches: c.noMatches,
      errors: c.errors,
      cache_hits: c.cacheHits,
      skipped: c.skipped,
      consecutive_failures: 0,
      cooldown_until: null,
      last_error: null,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('provider').doUpdateSet({
        calls: sql<number>`enrichment_usage.calls + ${c.calls}`,
        matches: sql<number>`enrichment_usage.matches + ${c.matches}`,
        no_matches: sql<number>`enrichment_usage.no_matches + ${c.noMatches}`,
        errors: sql<number>`enrichment_usage.errors + ${c.errors}`,
        cache_hits: sql<number>`enrichment_usage.cache_hits + ${c.cacheHits}`,
        skipped: sql<number>`enrichment_usage.skipped + ${c.skipped}`,
        updated_at: now,
      }),
    )
    .execute();
}

/** A provider answered: its failure streak ends. */
export async function providerSucceeded(db: Db, provider: string): Promise<void> {
  await db.updateTable('enrichment_usage').set({ consecutive_failures: 0 }).where('provider', '=', provider).execute();
}

/** A provider failed; after `threshold` failures in a row it cools down for `cooldownMs`. Returns whether it now cools down. */
export async function providerFailed(db: Db, provider: string, error: string, threshold: number, cooldownMs: number): Promise<boolean> {
  const row = await db
    .updateTable('enrichment_usage')
    .set({ consecutive_failures: sql<number>`consecutive_failures + 1`, last_error: error.slice(0, 500) })
    .where('provider', '=', provider)
    .returning('consecutive_failures')
    .executeTakeFirstOrThrow();
  if (Number(row.consecutive_failures) < threshold) return false;
  await db
    .updateTable('enrichment_usage')
    .set({ cooldown_until: new Date(Date.now() + cooldownMs).toISOString(), consecutive_failures: 0 })
    .where('provider', '=', provider)
    .execute();
  return true;
}

/** Until when a provider cools down (undefined: it does not). */
export async function coolingDownUntil(db: Db, provider: string): Promise<string | undefined> {
  const row = await db.selectFrom('enrichment_usage').select('cooldown_until').where('provider', '=', provider).executeTakeFirst();
  return row?.cooldown_until && row.cooldown_until > nowIso() ? row.cooldown_until : undefined;
}

/** Every provider's use. */
export async function providerUsage(db: Db) {
  const rows = await db.selectFrom('enrichment_usage').selectAll().orderBy('provider').execute();
  return rows.map((r) => ({
    provider: r.provider,
    calls: Number(r.calls),
    matches: Number(r.matches),
    noMatches: Number(r.no_matches),
    errors: Number(r.errors),
    cacheHits: Number(r.cache_hits),
    skipped: Number(r.skipped),
    coolingDownUntil: r.cooldown_until && r.cooldown_until > nowIso() ? r.cooldown_until : null,
    lastError: r.last_error,
    updatedAt: r.updated_at,
  }));
}
