/** Bearer-token authentication against the token table (config/people.ts). */
import type { RequestHandler } from 'express';
import type { Identity } from '../config/tokens.js';
import type { Db } from '../db/connect.js';
import { getPerson } from '../db/people.js';
import type { Role } from '../domain/roles.js';
import { HttpError } from './errors.js';

/** Who is calling, with the roles they hold now (the people directory's, once they are in it). */
export type Caller = Identity;

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

/**
 * Require a valid bearer token; 401 otherwise. The token names the user; their roles are the people
 * directory's (so a change there takes effect at once), or the token's for someone not in it.
 */
export function authenticate(tokens: Map<string, Identity>, db: Db): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HttpError(401, 'unauthenticated', 'Send an Authorization: Bearer <token> header.');
    const identity = tokens.get(match[1]!);
    if (!identity) throw new HttpError(401, 'unauthenticated', 'The bearer token is not valid.');
    const person = await getPerson(db, identity.user);
    req.caller = { user: identity.user, roles: person ? person.roles : identity.roles };
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
