import { randomUUID } from 'node:crypto';
import { PostgresAdapter, type Kysely, type Transaction } from 'kysely';

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

/** Whether a handle (or a transaction of one) talks to PostgreSQL rather than SQLite. */
export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** PostgreSQL's "could not serialize" and "deadlock detected": the transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_TRANSACTION_ATTEMPTS = 30;

/**
 * Run `body` as one transaction that behaves as if it ran alone, on either database. SQLite gets
 * that from its single writer (`BEGIN IMMEDIATE`); PostgreSQL from `SERIALIZABLE`, and a
 * transaction it aborts because a concurrent one (another worker or API process) touched the same
 * rows is run again, after a short random pause. `body` must therefore only talk to the database.
 */
export async function transact<D, T>(db: Kysely<D>, body: (trx: Transaction<D>) => Promise<T>): Promise<T> {
  if (!isPostgres(db as Kysely<unknown>)) return db.transaction().execute(body);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().setIsolationLevel('serializable').execute(body);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= MAX_TRANSACTION_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
    }
  }
}
