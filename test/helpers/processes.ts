/** Running the project's own entry points (`npm run worker`, `npm run api`) as separate processes. */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporalAddress } from './temporal.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Start `entry` (e.g. workers/main.ts, or a compiled dist/workers/main.js) against the tests' dev server, with `env` on top. */
export async function spawnEntry(entry: string, env: Record<string, string>, stdio: StdioOptions = 'ignore'): Promise<ChildProcess> {
  return spawn(process.execPath, [...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []), path.join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', TEMPORAL_ADDRESS: await temporalAddress(), SMTP_IN_PORT: '0', ...env },
    stdio,
  });
}

/** A child process that logged it was ready, and everything it wrote so far. */
export interface ReadyChild {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Start `entry` with its output piped and wait until it writes `ready` (at most `timeoutMs`). */
export async function spawnReady(entry: string, env: Record<string, string>, ready: string, timeoutMs = 90_000): Promise<ReadyChild> {
  const child = await spawnEntry(entry, { LOG_LEVEL: 'info', ...env }, ['ignore', 'pipe', 'pipe']);
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-200_000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  while (!output.includes(ready)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${entry} did not get ready (no ${ready}):\n${output.slice(-5000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => output, exited };
}
