/**
 * Bearer-token authentication. Tokens come from AUTH_TOKENS:
 *   AUTH_TOKENS="<token>=<user>:<role>[|<role>...],<token>=..."
 * e.g. "s3cr3t-a=alice:manager,s3cr3t-b=bob:ap_clerk|manager". Without it, outside production,
 * the development tokens below are active (and printed at start).
 */
import type { RequestHandler } from 'express';
import { isRole, type Role } from '../domain/roles.js';
import { HttpError } from './errors.js';

/** Who is calling. */
export interface Caller {
  user: string;
  roles: Role[];
}

/** The development tokens, active only when AUTH_TOKENS is unset and NODE_ENV is not production. */
export const DEV_TOKENS: Readonly<Record<string, Caller>> = {
  'dev-admin': { user: 'dev-admin', roles: ['admin'] },
  'dev-clerk': { user: 'dev-clerk', roles: ['ap_clerk'] },
  'dev-manager': { user: 'dev-manager', roles: ['manager'] },
  'dev-director': { user: 'dev-director', roles: ['finance_director'] },
};

/** Parse AUTH_TOKENS; throws naming the entry at fault. */
export function parseAuthTokens(text: string): Map<string, Caller> {
  const tokens = new Map<string, Caller>();
  for (const entry of text.split(',').map((e) => e.trim()).filter(Boolean)) {
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
export function tokenTable(authTokens: string | undefined, env: string): Map<string, Caller> {
  if (authTokens) return parseAuthTokens(authTokens);
  if (env === 'production') throw new Error('AUTH_TOKENS must be set in production.');
  return new Map(Object.entries(DEV_TOKENS));
}

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

/** Require a valid bearer token; 401 otherwise. */
export function authenticate(tokens: Map<string, Caller>): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HttpError(401, 'unauthenticated', 'Send an Authorization: Bearer <token> header.');
    const caller = tokens.get(match[1]!);
    if (!caller) throw new HttpError(401, 'unauthenticated', 'The bearer token is not valid.');
    req.caller = caller;
    next();
  };
}

/** The authenticated caller of a request (after `authenticate`). */
export function callerOf(req: { caller?: Caller }): Caller {
  if (!req.caller) throw new HttpError(401, 'unauthenticated', 'Send an Authorization: Bearer <token> header.');
  return req.caller;
}

/** Require one of the roles (admin always passes); 403 otherwise. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const caller = callerOf(req);
    if (!caller.roles.includes('admin') && !caller.roles.some((r) => roles.includes(r))) {
      throw new HttpError(403, 'forbidden', `This needs one of the roles: ${['admin', ...roles].join(', ')}.`);
    }
    next();
  };
}
