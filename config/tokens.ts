/**
 * API tokens and the users behind them. Tokens come from AUTH_TOKENS:
 *   AUTH_TOKENS="<token>=<user>:<role>[|<role>...],<token>=..."
 * e.g. "s3cr3t-a=alice:manager,s3cr3t-b=bob:ap_clerk|manager". Without it, outside production,
 * the development tokens below are active (and printed at start). A token names who is calling; the
 * roles it lists seed that person in the people directory the first time (db/people.ts), which from
 * then on is where a person's roles and channels live.
 */
import { isRole, type Role } from '../domain/roles.js';

/** Who a token names: a user and the roles the token lists. */
export interface Identity {
  user: string;
  roles: Role[];
}

/** The development tokens, active only when AUTH_TOKENS is unset and NODE_ENV is not production. */
export const DEV_TOKENS: Readonly<Record<string, Identity>> = {
  'dev-admin': { user: 'dev-admin', roles: ['admin'] },
  'dev-clerk': { user: 'dev-clerk', roles: ['ap_clerk'] },
  'dev-manager': { user: 'dev-manager', roles: ['manager'] },
  'dev-director': { user: 'dev-director', roles: ['finance_director'] },
  'dev-oncall': { user: 'dev-oncall', roles: ['oncall'] },
  'dev-oncall-lead': { user: 'dev-oncall-lead', roles: ['oncall_lead'] },
  'dev-integration': { user: 'dev-integration', roles: ['integration'] },
  'dev-sales': { user: 'dev-sales', roles: ['sales'] },
  'dev-sales-manager': { user: 'dev-sales-manager', roles: ['sales_manager'] },
  'dev-editor': { user: 'dev-editor', roles: ['editor'] },
  'dev-managing-editor': { user: 'dev-managing-editor', roles: ['managing_editor'] },
};

/** Parse AUTH_TOKENS; throws naming the entry at fault. */
export function parseAuthTokens(text: string): Map<string, Identity> {
  const tokens = new Map<string, Identity>();
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^([^=\s]{8,})=([^:\s]+):([a-z_|]+)$/.exec(entry);
    if (!match) {
      throw new Error(`AUTH_TOKENS entry "${entry.slice(0, 12)}..." is not <token>=<user>:<role>[|<role>] (tokens at least 8 characters).`);
    }
    const roles = match[3]!.split('|');
    const unknown = roles.filter((r) => !isRole(r));
    if (unknown.length > 0) throw new Error(`AUTH_TOKENS entry for ${match[2]} names unknown role(s): ${unknown.join(', ')}.`);
    tokens.set(match[1]!, { user: match[2]!, roles: roles as Role[] });
  }
  if (tokens.size === 0) throw new Error('AUTH_TOKENS is set but holds no tokens.');
  return tokens;
}

/** The token table in force for a configuration. */
export function tokenTable(authTokens: string | undefined, env: string): Map<string, Identity> {
  if (authTokens) return parseAuthTokens(authTokens);
  if (env === 'production') throw new Error('AUTH_TOKENS must be set in production.');
  return new Map(Object.entries(DEV_TOKENS));
}

/** Everyone behind the token table, once each, with all the roles their tokens carry. */
export function identities(authTokens: string | undefined, env: string): Identity[] {
  const people = new Map<string, Set<Role>>();
  for (const person of tokenTable(authTokens, env).values()) {
    const roles = people.get(person.user) ?? new Set<Role>();
    for (const role of person.roles) roles.add(role);
    people.set(person.user, roles);
  }
  return [...people].map(([user, roles]) => ({ user, roles: [...roles] }));
}
