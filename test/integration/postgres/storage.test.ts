/** test/integration/storage.test.ts again, on PostgreSQL (DATABASE_URL) instead of SQLite. */
process.env.TEST_DATABASE = 'postgres';
await import('../storage.test.js');
