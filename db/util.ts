import { randomUUID } from 'node:crypto';

/** A new random id with a readable prefix, e.g. `ven_3f2a...`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
}

/** The current time as an ISO string. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Raised when a write would break a uniqueness rule; `field` names what collided. */
export class ConflictError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** A page of a listing and how many rows there are in all. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
