/** How every entry point (npm start, npm run api, npm run worker) reports that it could not start. */

/** Print why a process could not start, in one readable message, and exit with status 1. */
export function exitOnStartupFailure(what: string, error: unknown): never {
  const detailed = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';
  console.error(`Could not start ${what}: ${error instanceof Error ? error.message : String(error)}`);
  if (detailed && error instanceof Error) console.error(error.stack);
  else console.error('(LOG_LEVEL=debug shows the stack trace)');
  process.exit(1);
}
