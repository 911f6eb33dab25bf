/** test/integration/invoice-workflow.test.ts again, on PostgreSQL (DATABASE_URL) instead of SQLite. */
process.env.TEST_DATABASE = 'postgres';
await import('../invoice-workflow.test.js');
