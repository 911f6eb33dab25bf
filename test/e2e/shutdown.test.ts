/**
 * `npm run worker` and `npm run api` as operators run them: SIGTERM (what a container runtime
 * sends) and SIGINT (Ctrl-C) end each cleanly, with exit status 0 and no error.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { spawnReady } from '../helpers/processes.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-shutdown-'));
after(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await stopOwnTemporal();
});

/** Run an entry point until it logs `ready`, send `signal`, and report how it ended. */
async function runAndStop(entry: string, ready: string, signal: NodeJS.Signals): Promise<{ code: number | null; output: string }> {
  const { child, output, exited } = await spawnReady(
    entry,
    { DATA_DIR: dir, INVOICE_TASK_QUEUE: `shutdown-${signal}`, PORT: '0', AUTH_TOKENS: '', OPENAI_API_KEY: '' },
    ready,
  );
  child.kill(signal);
  return { code: await exited, output: output() };
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`npm run worker ends cleanly on ${signal}`, async () => {
    const { code, output } = await runAndStop('workers/main.ts', '"msg":"worker started"', signal);
    assert.equal(code, 0, output);
    assert.match(output, /"msg":"worker stopped"/);
    assert.doesNotMatch(output, /Could not start|"level":50/);
  });

  test(`npm run api ends cleanly on ${signal}`, async () => {
    const { code, output } = await runAndStop('api/main.ts', '"msg":"API listening"', signal);
    assert.equal(code, 0, output);
    assert.doesNotMatch(output, /Could not start|"level":50/);
  });
}
