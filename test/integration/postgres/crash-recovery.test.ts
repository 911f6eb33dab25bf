/** test/integration/crash-recovery.test.ts again, on PostgreSQL (DATABASE_URL) instead of SQLite. */
process.env.TEST_DATABASE = 'postgres';
await import('../crash-recovery.test.js');
