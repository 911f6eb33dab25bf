/** Opening the database: SQLite by default, through Kysely so the same queries run elsewhere. */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrations.js';
import type { Database } from './schema.js';

/** The project's database handle. */
export type Db = Kysely<Database>;

/**
 * Transactions start as `BEGIN IMMEDIATE`: every transaction here writes, and a deferred one that
 * reads first fails with SQLITE_BUSY_SNAPSHOT when another process (the API, a second worker)
 * commits between its read and its write. Immediate takes the write lock up front, so writers
 * queue behind busy_timeout instead of failing.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly database: SQLite.Database) {
    super({ database });
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.database });
  }
}

/** Whether a database location is a PostgreSQL URL rather than a SQLite file. */
export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

/**
 * Open the application database and migrate it: PostgreSQL when `location` is a `postgres://` URL
 * (DATABASE_URL), otherwise a SQLite file (created if needed).
 */
export async function openDatabase(location: string, options: { poolSize?: number } = {}): Promise<Db> {
  return isPostgresUrl(location) ? openPostgres(location, options.poolSize ?? 10) : openSqlite(location);
}

/** `bigint` (counts, cents) and `numeric` (sums) as numbers, as SQLite gives them: every amount here is an integer number of cents far below 2^53. */
const NUMBER_TYPES = new Set<number>([pg.types.builtins.INT8, pg.types.builtins.NUMERIC]);
const PG_TYPES = {
  getTypeParser: ((oid: number, format: 'text') =>
    NUMBER_TYPES.has(oid) ? Number : (pg.types.getTypeParser(oid, format) as (value: string) => unknown)) as typeof pg.types.getTypeParser,
};

async function openPostgres(url: string, poolSize: number): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: PG_TYPES });
  // An idle connection the server dropped must not take the process down.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateToLatest(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    const where = new URL(url);
    throw new Error(`cannot open the PostgreSQL database ${where.pathname.slice(1)} at ${where.host} (DATABASE_URL): ${(error as Error).message}`, {
      cause: error,
    });
  }
  return db;
}

async function openSqlite(file: string): Promise<Db> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets the API read while the worker writes; busy_timeout makes writers queue instead of failing.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(sqlite) });
  await migrateToLatest(db as Kysely<unknown>);
  return db;
}
