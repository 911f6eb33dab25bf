/** Running the project's own entry points (`npm run worker`, `npm run api`) as separate processes. */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporalAddress } from './temporal.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Start `entry` (e.g. workers/main.ts) against the tests' dev server, with `env` on top. */
export async function spawnEntry(entry: string, env: Record<string, string>, stdio: StdioOptions = 'ignore'): Promise<ChildProcess> {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', TEMPORAL_ADDRESS: await temporalAddress(), SMTP_IN_PORT: '0', ...env },
    stdio,
  });
}
