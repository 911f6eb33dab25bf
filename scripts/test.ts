/**
 * The test command (`npm test`): type-check, lint, check the format, start a real Temporal dev server and a real
 * PostgreSQL, run every test file with Node's test runner against them, stop them. `npm test -- test/unit` runs a subset.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../config/logger.js';
import { installTemporalRuntime } from '../workers/runtime.js';
import { ensureChromium } from './chromium.js';
import { startDevServer } from './dev-server.js';
import { startPostgres } from './postgres.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? testFiles(path.join(dir, e.name)) : e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : []))
    .sort();
}

async function main(): Promise<number> {
  const filters = process.argv.slice(2).map((f) => path.resolve(f));
  const files = testFiles(path.join(ROOT, 'test')).filter((f) => filters.length === 0 || filters.some((x) => f.startsWith(x)));
  if (files.length === 0) {
    console.error('no test files match');
    return 1;
  }

  console.log('Type-checking...');
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', ROOT], { stdio: 'inherit' });
  if (tsc.status !== 0) return tsc.status ?? 1;
  // The inbox page's script is browser JavaScript, checked against the DOM's types.
  const page = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'api', 'inbox')], {
    stdio: 'inherit',
  });
  if (page.status !== 0) return page.status ?? 1;
  console.log('Linting and checking the format (npm run format fixes most of it)...');
  const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
  for (const [tool, args] of [
    ['eslint', ['.']],
    ['prettier', ['--check', '.', '--log-level', 'warn']],
  ] as const) {
    const run = spawnSync(bin(tool), [...args], { cwd: ROOT, stdio: 'inherit' });
    if (run.status !== 0) return run.status ?? 1;
  }

  // Browser tests need a Chromium; a failure to find or install one fails those tests, saying why.
  let chromium: Record<string, string>;
  try {
    chromium = { CHROMIUM_PATH: ensureChromium((m) => console.log(m)) };
  } catch (error) {
    chromium = { CHROMIUM_MISSING: (error as Error).message };
    console.log(`Browser tests will fail: ${(error as Error).message}`);
  }

  installTemporalRuntime(silentLogger());
  console.log('Starting a Temporal dev server for the tests...');
  const server = await startDevServer({ log: (m) => console.log(m) });
  console.log(`Temporal dev server at ${server.address}`);
  // The storage and workflow tests run against PostgreSQL too (DATABASE_URL); each test takes a fresh database on it.
  const postgres = await startPostgres({ log: (m) => console.log(m) }).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, ...chromium, TEST_TEMPORAL_ADDRESS: server.address, TEST_POSTGRES_URL: postgres.url, NODE_ENV: 'test' },
    });
    return await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    await server.stop();
    await postgres.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
