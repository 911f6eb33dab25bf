/** test/integration/vendor-identification.test.ts again, on PostgreSQL (DATABASE_URL) instead of SQLite. */
process.env.TEST_DATABASE = 'postgres';
await import('../vendor-identification.test.js');
