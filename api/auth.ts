/** Bearer-token authentication against the token table (config/people.ts). */
import type { RequestHandler } from 'express';
import type { Person } from '../config/people.js';
import type { Role } from '../domain/roles.js';
import { HttpError } from './errors.js';

/** Who is calling. */
export type Caller = Person;

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
