/** Opening the database: SQLite by default, through Kysely so the same queries run elsewhere. */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
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

/** Open (creating if needed) the SQLite database at `file` and migrate it. */
export async function openDatabase(file: string): Promise<Db> {
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
