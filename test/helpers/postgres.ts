/**
 * The real PostgreSQL for tests. `npm test` (scripts/test.ts) starts one and passes its URL in
 * TEST_POSTGRES_URL; a test file run on its own starts its own. Every caller gets a fresh database.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { isPostgresUrl } from '../../db/connect.js';
import { createDatabase, startPostgres, type PostgresServer } from '../../scripts/postgres.js';

let server: Promise<PostgresServer> | undefined;

/** The databases the storage and workflow tests run against: SQLite, and PostgreSQL too. */
export type DatabaseKind = 'sqlite' | 'postgres';

/** A URL of a new, empty database on the tests' PostgreSQL. */
export async function freshPostgresDatabase(): Promise<string> {
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const given = process.env.TEST_POSTGRES_URL;
  if (given) return createDatabase(given, name);
  server ??= startPostgres({ unref: true });
  return (await server).createDatabase(name);
}

/** Stop the PostgreSQL this process started (if it started one). */
export async function stopOwnPostgres(): Promise<void> {
  if (server) await (await server).stop();
  server = undefined;
}

/** The environment that points a child process at the same database as `location`. */
export function databaseEnv(location: string): Record<string, string> {
  return isPostgresUrl(location) ? { DATABASE_URL: location } : { DATABASE_FILE: location };
}

/** The database this test process runs on: TEST_DATABASE=postgres (the files under test/integration/postgres/) or SQLite. */
export const testDatabaseKind = (): DatabaseKind => (process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite');

/** A fresh database for a test that opens its own: a new PostgreSQL database, or `app.db` in `dir`. */
export async function testDatabase(dir: string): Promise<string> {
  return testDatabaseKind() === 'postgres' ? freshPostgresDatabase() : path.join(dir, 'app.db');
}
