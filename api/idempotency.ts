/** The `Idempotency-Key` header every submitting route takes: 1-200 characters, scoped to the caller. */
import type { Request } from 'express';
import { HttpError } from './errors.js';

/** The caller's idempotency key (`<user>:<key>`: two callers' keys never collide), or null without one. */
export function idempotencyKey(req: Request, user: string): string | null {
  const key = req.get('idempotency-key')?.trim();
  if (key === undefined) return null;
  if (key.length === 0 || key.length > 200) throw new HttpError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1-200 characters.', 'Idempotency-Key');
  return `${user}:${key}`;
}
