/** test/integration/ledger.test.ts again, on PostgreSQL (DATABASE_URL) instead of SQLite. */
process.env.TEST_DATABASE = 'postgres';
await import('../ledger.test.js');
