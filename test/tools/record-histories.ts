/**
 * Records workflow histories for the replay test: `npx tsx test/tools/record-histories.ts
 * [invoice|alert|one-step|lead|content]` (all without an argument). Run it before changing a workflow in a way that
 * alters its commands, commit the new files beside the old ones, and guard the change with
 * `patched()` so both replay. A recording that exists is never overwritten.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { resolveTemporalCli } from '../../scripts/temporal-cli.js';
import { createVendor } from '../../db/vendors.js';
import { invoiceText, submit } from '../helpers/invoices.js';
import { decide, signalDecision, waitForPendingTask, waitForState } from '../helpers/runs.js';
import { alertWorkflowId, genericAlertEvent, type AlertEvent, type Severity } from '../../domain/alerts/event.js';
import { alertEventSignal } from '../../domain/alerts/messages.js';
import type { AlertWorkflowInput } from '../../domain/alerts/state.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { upsertCompanies } from '../../db/leads/directory.js';
import { readCsvList, submitLeadList } from '../../activities/leads/lists.js';
import { submitLead } from '../../activities/leads/submit.js';
import { submitContent } from '../../activities/content/submit.js';
import { signAction } from '../../activities/human-tasks/proof.js';
import { ContentBrief } from '../../domain/content/brief.js';
import { cancelPublicationUpdate } from '../../domain/content/messages.js';
import type { ContentState } from '../../domain/content/state.js';
import { stopOwnTemporal, temporalAddress } from '../helpers/temporal.js';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'histories');

/** Recordings are dated, so recording again adds to the set instead of replacing older behaviour. */
const STAMP = new Date().toISOString().slice(0, 10);

async function record(stack: TestStack, scenario: string, workflowId: string): Promise<void> {
  const name = `${scenario}-${STAMP}`;
  await stack.client.workflow.getHandle(workflowId).result();
  if (fs.existsSync(path.join(OUT, `${name}.json`))) {
    console.log(`kept the existing recording ${name}`);
    return;
  }
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
const only = process.argv[2];
const stack = await startTestStack({ env: { ALERT_PAUSE_FOR: '1s' } });
try {
  if (!only || only === 'invoice') await recordInvoices();
  if (!only || only === 'alert') await recordAlerts();
  if (!only || only === 'one-step') await recordOneStepProcesses();
  if (!only || only === 'lead') await recordLeads();
  if (!only || only === 'content') await recordContent();
} finally {
  await stack.stop();
  await stopOwnTemporal();
}

async function recordInvoices(): Promise<void> {
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
}

async function recordAlerts(): Promise<void> {
  const fire = async (dedupKey: string, summary: string, severity: Severity) => {
    const event = genericAlertEvent(
      { source: 'recorder', summary, severity, dedupKey, action: 'trigger', labels: {}, links: [] },
      'dev-integration',
      new Date().toISOString(),
    );
    const input: AlertWorkflowInput = { source: 'recorder', dedupKey, pauseForMs: 1000, ackTimeoutMs: 3_600_000, maxEventsPerRun: 2000 };
    const workflowId = alertWorkflowId('recorder', dedupKey);
    await stack.client.workflow.signalWithStart('alertWorkflow', {
      taskQueue: stack.config.temporal.taskQueue,
      workflowId,
      args: [input],
      signal: alertEventSignal,
      signalArgs: [event],
    });
    return { workflowId, event };
  };
  const resolve = async (workflowId: string, event: AlertEvent) =>
    stack.client.workflow.getHandle(workflowId).signal(alertEventSignal, { ...event, action: 'resolve', receivedAt: new Date().toISOString() });

  const stamp = Date.now().toString(36);
  const paged = await fire(`db-down-${stamp}`, 'Primary database down', 'critical');
  const taskId = await waitForPendingTask(stack.client, paged.workflowId);
  const outcome = await decide(stack, paged.workflowId, { taskId, decision: 'acknowledge', by: 'dev-oncall', roles: ['oncall'] });
  if (outcome !== 'recorded') throw new Error(`acknowledgement refused: ${outcome}`);
  await fire(`db-down-${stamp}`, 'Primary database down', 'critical');
  await resolve(paged.workflowId, paged.event);
  await record(stack, 'alert-acknowledged-resolved', paged.workflowId);

  const noise = await fire(`test-${stamp}`, '[TEST] please ignore', 'warning');
  await waitForState(stack.client, noise.workflowId, (s) => s.status === 'suppressed');
  await resolve(noise.workflowId, noise.event);
  await record(stack, 'alert-suppressed-resolved', noise.workflowId);

  const transient = await fire(`blip-${stamp}`, 'Latency blip', 'warning');
  await resolve(transient.workflowId, transient.event);
  await record(stack, 'alert-resolved-before-page', transient.workflowId);
}

async function recordOneStepProcesses(): Promise<void> {
  const stamp = Date.now().toString(36);
  const start = async (workflowType: string, workflowId: string, input: unknown) => {
    await stack.client.workflow.start(workflowType, { taskQueue: stack.config.temporal.taskQueue, workflowId, args: [input] });
    return workflowId;
  };
  // Never beaten since long ago: the check raises its alert.
  const silent = await start('heartbeatCheckWorkflow', `heartbeat-recorder-${stamp}`, {
    name: `backup-${stamp}`,
    maxSilenceMs: 60_000,
    severity: 'warning',
    summary: null,
    watchingSince: '2026-01-01T00:00:00.000Z',
    startedBy: 'schedule:recorder',
  });
  await record(stack, 'heartbeat-silent', silent);
  const digest = await start('digestWorkflow', `digest-recorder-${stamp}`, { sendWhenEmpty: true, startedBy: 'schedule:recorder' });
  await record(stack, 'digest-sent', digest);
}

async function recordLeads(): Promise<void> {
  const deps = { db: stack.db, client: stack.client, config: stack.config };
  await upsertCompanies(stack.db, [{ domain: 'fit-software.de', name: 'Fit Software', industry: 'Software', employees: 400, country: 'DE' }], 'recorder');
  const lead = (email: string, extra: object = {}) => submitLead(deps, { lead: { email, ...extra }, submittedBy: 'dev-integration', idempotencyKey: null });
  const outreach = async (workflowId: string, decision: 'accept' | 'discard', by: string, roles: ('sales' | 'admin')[], edits?: Record<string, string>) => {
    const taskId = await waitForPendingTask(stack.client, workflowId);
    const outcome = await decide(stack, workflowId, { taskId, decision, by, roles, ...(edits && { edits }) });
    if (outcome !== 'recorded') throw new Error(`decision refused: ${outcome}`);
  };

  const archived = await lead('engineer@big-retail.example', { title: 'Engineer', source: 'list' });
  await record(stack, 'lead-archived', archived.workflowId);

  const contacted = await lead('cto@fit-software.de', { name: 'Petra Fit', title: 'CTO', source: 'demo_request', message: 'A demo, please' });
  await outreach(contacted.workflowId, 'accept', 'dev-sales', ['sales'], { subject: 'Your demo of Fit Software' });
  await record(stack, 'lead-contacted', contacted.workflowId);

  const discarded = await lead('vp@fit-software.de', { title: 'VP Engineering', source: 'web_form', message: 'Pricing?' });
  await outreach(discarded.workflowId, 'discard', 'dev-admin', ['admin']);
  await record(stack, 'lead-discarded', discarded.workflowId);

  const list = readCsvList('email,title,source\nops@fit-software.de,Head of Operations,trade_show\nclerk@big-retail.example,Clerk,list\n');
  const listId = `recorded-${STAMP}`;
  await submitLeadList(deps, { ...list, id: listId, submittedBy: 'dev-sales' });
  await record(stack, 'lead-list', `lead-list-${listId}`);
}

async function recordContent(): Promise<void> {
  const deps = { db: stack.db, client: stack.client, config: stack.config };
  const brief = (title: string, extra: object = {}) =>
    ContentBrief.parse({
      title,
      topic: 'How finance teams utilize approval rules to close the books faster.',
      audience: 'Finance teams',
      platforms: ['blog', 'linkedin', 'x', 'newsletter'],
      keywords: ['approval rules'],
      wordCount: 300,
      ...extra,
    });
  const piece = (title: string, extra?: object) => submitContent(deps, { brief: brief(title, extra), submittedBy: 'dev-integration', idempotencyKey: null });
  const review = async (workflowId: string, decision: 'approve' | 'request_changes' | 'reject', comment?: string) => {
    const taskId = await waitForPendingTask(stack.client, workflowId);
    const outcome = await decide(stack, workflowId, { taskId, decision, by: 'dev-editor', roles: ['editor'], ...(comment && { comment }) });
    if (outcome !== 'recorded') throw new Error(`decision refused: ${outcome}`);
  };

  // A redraft for the house style, changes requested once, approved, published in the store.
  const published = await piece('Approval rules that work');
  await review(published.workflowId, 'request_changes', 'Please add a paragraph about audit trails.');
  await waitForState<ContentState>(stack.client, published.workflowId, (s) => s.details.versions.length >= 3 && s.status === 'in_review');
  await review(published.workflowId, 'approve');
  await record(stack, 'content-published', published.workflowId);

  const rejected = await piece('A piece nobody wants');
  await review(rejected.workflowId, 'reject', 'Off topic');
  await record(stack, 'content-rejected', rejected.workflowId);

  const cancelled = await piece('Published next week', { publishAt: new Date(Date.now() + 7 * 86_400_000).toISOString() });
  await review(cancelled.workflowId, 'approve');
  await waitForState<ContentState>(stack.client, cancelled.workflowId, (s) => s.status === 'scheduled');
  const action = signAction(stack.config.decisionSigningKey, cancelled.workflowId, {
    action: 'cancel_publication',
    by: 'dev-editor',
    roles: ['editor'],
    at: new Date().toISOString(),
  });
  await stack.client.workflow.getHandle(cancelled.workflowId).executeUpdate(cancelPublicationUpdate, { args: [action] });
  await record(stack, 'content-cancelled', cancelled.workflowId);
}
