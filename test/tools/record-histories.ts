/**
 * Records invoice workflow histories for the replay test: `npx tsx test/tools/record-histories.ts`.
 * Run it before changing the invoice workflow in a way that alters its commands, commit the new
 * files beside the old ones, and guard the change with `patched()` so both replay.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { resolveTemporalCli } from '../../scripts/temporal-cli.js';
import { createVendor } from '../../db/vendors.js';
import { invoiceText, submit, waitForResult } from '../helpers/invoices.js';
import { decide, signalDecision, waitForPendingTask } from '../helpers/runs.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal, temporalAddress } from '../helpers/temporal.js';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'histories');

/** Recordings are dated, so recording again adds to the set instead of replacing older behaviour. */
const STAMP = new Date().toISOString().slice(0, 10);

async function record(stack: TestStack, scenario: string, workflowId: string): Promise<void> {
  const name = `${scenario}-${STAMP}`;
  await waitForResult(stack.client, workflowId);
  // The CLI writes the history in the JSON form the UI and `historyFromJSON` use.
  const cli = resolveTemporalCli();
  if (cli.kind !== 'path') throw new Error('recording needs the Temporal CLI (see scripts/temporal-cli.ts)');
  const json = execFileSync(cli.path, ['workflow', 'show', '--workflow-id', workflowId, '--address', address, '--output', 'json'], { encoding: 'utf8' });
  fs.writeFileSync(path.join(OUT, `${name}.json`), json);
  // Replays must run under the original workflow id: the workflow derives task ids from it.
  const indexFile = path.join(OUT, 'index.json');
  const index = fs.existsSync(indexFile) ? (JSON.parse(fs.readFileSync(indexFile, 'utf8')) as Record<string, string>) : {};
  index[`${name}.json`] = workflowId;
  fs.writeFileSync(indexFile, `${JSON.stringify(index, null, 2)}\n`);
  console.log(`recorded ${name} (${(JSON.parse(json) as { events: unknown[] }).events.length} events)`);
}

const address = await temporalAddress();
const stack = await startTestStack();
try {
  await createVendor(stack.db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111' });
  // Decisions as the API makes them (signed updates), and one as a signed signal.
  const decideTask = async (workflowId: string, role: 'manager' | 'ap_clerk', decision: 'approve' | 'reject', comment?: string) => {
    const taskId = await waitForPendingTask(stack.client, workflowId, role);
    const by = role === 'manager' ? 'dev-manager' : 'dev-clerk';
    const outcome = await decide(stack, workflowId, { taskId, decision, by, roles: [role], ...(comment && { comment }) });
    if (outcome !== 'recorded') throw new Error(`decision refused: ${outcome}`);
  };

  const auto = await submit(stack, invoiceText({ number: 'H-1', lines: [{ description: 'Paper', quantity: 10, unitPrice: 45 }] }));
  await record(stack, 'auto-approved', auto.workflowId);

  const manager = await submit(stack, invoiceText({ number: 'H-2', lines: [{ description: 'Laptop', quantity: 2, unitPrice: 1500 }] }));
  await decideTask(manager.workflowId, 'manager', 'approve');
  await record(stack, 'manager-approved', manager.workflowId);

  const review = await submit(stack, invoiceText({ vendor: 'Unknown Vendor Ltd', taxId: 'GB1', number: 'H-3' }));
  await decideTask(review.workflowId, 'ap_clerk', 'reject', 'Not our supplier');
  await record(stack, 'review-rejected', review.workflowId);

  const signalled = await submit(stack, invoiceText({ number: 'H-4', lines: [{ description: 'Chairs', quantity: 4, unitPrice: 500 }] }));
  const signalledTask = await waitForPendingTask(stack.client, signalled.workflowId, 'manager');
  await signalDecision(stack, signalled.workflowId, { taskId: signalledTask, decision: 'approve', by: 'dev-manager', roles: ['manager'] });
  await record(stack, 'signal-approved', signalled.workflowId);

  const quote = await submit(stack, 'QUOTATION\nQuote No: Q-9\nTotal: 100.00 EUR');
  await record(stack, 'not-an-invoice', quote.workflowId);
} finally {
  await stack.stop();
  await stopOwnTemporal();
}
