/**
 * Who owns a lead: territories by country, each with its salespeople, round-robin within one; a
 * lead from no territory goes round-robin among every salesperson. Admin data (GET/PUT
 * /api/lead-routing).
 */
import { z } from 'zod';

/** One territory. */
export const Territory = z.object({
  name: z.string().trim().min(1).max(80),
  countries: z
    .array(
      z
        .string()
        .regex(/^[A-Za-z]{2}$/, 'a two-letter country code')
        .transform((c) => c.toUpperCase()),
    )
    .min(1)
    .max(250),
  owners: z.array(z.string().min(1).max(64)).min(1).max(100).describe('Salespeople (user names, each holding the sales role) taking turns'),
});
export type Territory = z.infer<typeof Territory>;

/** The routing document. */
export const LeadRouting = z.object({ territories: z.array(Territory).max(100) }).strict();
export type LeadRouting = z.infer<typeof LeadRouting>;

/** Until an admin sets territories: everyone with the sales role, in turn. */
export const DEFAULT_LEAD_ROUTING: LeadRouting = { territories: [] };

/** The territory of a country, if one covers it. */
export function territoryOf(routing: LeadRouting, country: string | undefined): Territory | undefined {
  if (!country) return undefined;
  return routing.territories.find((t) => t.countries.includes(country.toUpperCase()));
}

/**
 * The candidates for a lead, in turn order: the territory's owners who still hold the sales role,
 * else every salesperson. `pool` names which rotation they belong to (for the round-robin counter).
 */
export function ownerCandidates(routing: LeadRouting, country: string | undefined, salespeople: readonly string[]): { pool: string; candidates: string[] } {
  const territory = territoryOf(routing, country);
  const owners = territory?.owners.filter((o) => salespeople.includes(o)) ?? [];
  if (territory && owners.length > 0) return { pool: `territory:${territory.name}`, candidates: owners };
  return { pool: 'everyone', candidates: [...salespeople].sort() };
}
