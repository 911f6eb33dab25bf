/**
 * Determinism: recorded histories of every process (test/fixtures/histories, made by
 * test/tools/record-histories.ts) must replay on the current workflow code. A change that would
 * break runs in flight fails here; guard such a change with `patched()`.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { temporalAddress, workflowBundle } from '../helpers/temporal.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'histories');

test('recorded invoice, alert, heartbeat, digest, lead and content histories replay on the current workflow code', async () => {
  await temporalAddress(); // installs the runtime the replay worker uses
  // index.json maps each recorded history to the workflow id it ran under.
  const index = JSON.parse(fs.readFileSync(path.join(DIR, 'index.json'), 'utf8')) as Record<string, string>;
  const files = Object.keys(index);
  assert.ok(files.filter((f) => !/^(alert|heartbeat|digest|lead|content)-/.test(f)).length >= 4, 'recorded invoice histories are present');
  assert.ok(files.filter((f) => f.startsWith('lead-')).length >= 4, 'recorded lead and list histories are present');
  assert.ok(files.filter((f) => f.startsWith('content-')).length >= 3, 'recorded content histories are present');
  assert.ok(files.filter((f) => f.startsWith('alert-')).length >= 3, 'recorded alert histories are present');
  assert.ok(files.some((f) => f.startsWith('heartbeat-')) && files.some((f) => f.startsWith('digest-')), 'recorded one-step histories are present');
  const histories = files.map((f) => ({ workflowId: index[f]!, history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8'))) }));
  const results = Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories);
  let replayed = 0;
  for await (const result of results) {
    assert.equal(result.error, undefined, `${result.workflowId} no longer replays: ${String(result.error)}`);
    replayed++;
  }
  assert.equal(replayed, files.length);
});
