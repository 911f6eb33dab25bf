/**
 * What operators watch: `GET /metrics` on the API (HTTP by route, runs, human tasks, AI calls) and
 * on a worker process (the Temporal SDK's worker metrics, deliveries), the worker's health and
 * readiness endpoints, METRICS_TOKEN, and log lines that name their process, workflow and run.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { freePort } from '../../config/net.js';
import { submitInvoice } from '../../activities/invoice/submit.js';
import { createVendor } from '../../db/vendors.js';
import { enqueueNotification } from '../../db/notifications.js';
import { apiClient } from '../helpers/api.js';
import { startFakeSmtp } from '../helpers/fake-channels.js';
import { invoiceText, waitForResult } from '../helpers/invoices.js';
import { databaseEnv } from '../helpers/postgres.js';
import { spawnReady } from '../helpers/processes.js';
import { eventually, waitForPendingTask } from '../helpers/runs.js';
import { startTestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

after(() => stopOwnTemporal());

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The value of one series in a Prometheus text answer (undefined when absent). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([k, v]) => body.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

/** The metric names the Grafana dashboard in the repo queries (histogram suffixes dropped). */
function dashboardMetrics(): string[] {
  const dashboard = JSON.parse(fs.readFileSync(path.join(ROOT, 'deploy/grafana/dashboards/business-processes.json'), 'utf8')) as {
    panels: { targets?: { expr: string }[] }[];
  };
  const names = dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => [...t.expr.matchAll(/\b((?:bp|temporal)_[a-z_]+)/g)].map((m) => m[1]!)));
  return [...new Set(names.map((n) => n.replace(/_(bucket|sum|count)$/, '')))];
}

/** SDK metrics that exist only once a workflow failed or continued as new. */
const ONLY_AFTER_SUCH_AN_END = new Set(['temporal_workflow_failed', 'temporal_workflow_continue_as_new']);

test('the API’s /metrics: requests by route and status, runs by status, open human tasks by role, AI calls by task', async () => {
  const stack = await startTestStack({ api: true, env: { METRICS_TOKEN: 'scrape-token-0123456789' } });
  try {
    const call = apiClient(stack.api!.url);
    await createVendor(stack.db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111' });
    const small = await call('POST', '/api/invoices', { token: 'dev-clerk', json: { text: invoiceText({ number: 'MET-1' }) } });
    const large = await call('POST', '/api/invoices', {
      token: 'dev-clerk',
      json: { text: invoiceText({ number: 'MET-2', lines: [{ description: 'Servers', quantity: 2, unitPrice: 2000 }] }) },
    });
    assert.equal(small.status, 202);
    assert.equal(large.status, 202);
    assert.equal((await call('GET', '/api/invoices/nope', { token: 'dev-clerk' })).status, 404);
    await waitForResult(stack.client, small.data.workflowId as string);
    await eventually(async () =>
      assert.equal((await call('GET', `/api/invoices/${large.data.id as string}`, { token: 'dev-clerk' })).data.status, 'awaiting_approval'),
    );

    const refused = await fetch(`${stack.api!.url}/metrics`);
    assert.equal(refused.status, 401, 'METRICS_TOKEN is required');
    const res = await fetch(`${stack.api!.url}/metrics`, { headers: { authorization: 'Bearer scrape-token-0123456789' } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await res.text();
    assert.equal(sample(text, 'bp_http_requests_total', { method: 'POST', route: '/api/invoices', status: '202' }), 2);
    assert.equal(sample(text, 'bp_http_requests_total', { method: 'GET', route: '/api/invoices/:id', status: '404' }), 1, 'the route’s template, not the path');
    assert.ok(sample(text, 'bp_http_request_duration_seconds_count', { method: 'POST', route: '/api/invoices', status: '202' })! >= 2);
    assert.equal(sample(text, 'bp_runs', { process: 'invoice', status: 'posted' }), 1);
    assert.equal(sample(text, 'bp_runs', { process: 'invoice', status: 'awaiting_approval' }), 1);
    assert.equal(sample(text, 'bp_human_tasks_open', { process: 'invoice', kind: 'approval', role: 'manager' }), 1);
    assert.ok(sample(text, 'bp_human_task_oldest_age_seconds', { process: 'invoice', role: 'manager' })! >= 0);
    // The test process runs the API and the worker: the worker's AI calls and starts are counted in it.
    assert.ok(sample(text, 'bp_ai_calls_total', { provider: 'offline', task: 'invoice', outcome: 'ok' })! >= 2);
    assert.ok(sample(text, 'bp_ai_call_duration_seconds_count', { provider: 'offline', task: 'invoice' })! >= 2);
    assert.ok(sample(text, 'bp_runs_started_total', { process: 'invoice', outcome: 'started' })! >= 2);
    assert.match(text, /^bp_node_process_resident_memory_bytes \d+/m);
    for (const name of dashboardMetrics().filter((n) => n.startsWith('bp_')))
      assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), `the dashboard queries ${name}, which the API serves`);
  } finally {
    await stack.stop();
  }
});

test('a worker process serves /metrics with the SDK’s worker metrics and its deliveries, /healthz and /readyz; its log lines name process, workflow and run', async () => {
  const smtp = await startFakeSmtp();
  const stack = await startTestStack({ worker: false });
  const port = await freePort();
  const worker = await spawnReady(
    'workers/main.ts',
    {
      INVOICE_TASK_QUEUE: stack.config.temporal.taskQueue,
      ...databaseEnv(stack.config.database),
      METRICS_PORT: String(port),
      SMTP_URL: smtp.url,
      RELAY_INTERVAL: '200ms',
    },
    '"msg":"worker started"',
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/readyz`)).status, 200, 'ready while polling');

    await createVendor(stack.db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111' });
    const { invoice } = await submitInvoice(stack, {
      content: Buffer.from(invoiceText({ number: 'LOG-1' })),
      contentType: 'text/plain',
      source: 'api',
      submittedBy: 'mailroom',
      idempotencyKey: null,
    });
    const state = await waitForResult(stack.client, invoice.workflowId, 60_000);
    assert.equal(state.status, 'posted');
    // One that waits for a manager: opening its task is a regular (remote) activity.
    const large = await submitInvoice(stack, {
      content: Buffer.from(invoiceText({ number: 'LOG-2', lines: [{ description: 'Servers', quantity: 1, unitPrice: 2000 }] })),
      contentType: 'text/plain',
      source: 'api',
      submittedBy: 'mailroom',
      idempotencyKey: null,
    });
    await waitForPendingTask(stack.client, large.invoice.workflowId, 'manager', 60_000);
    await enqueueNotification(stack.db, {
      key: 'met-mail',
      workflowId: null,
      channel: 'email',
      recipient: 'email:ops@example.com',
      subject: 'Hello',
      body: 'x',
    });
    await eventually(async () => assert.equal(smtp.mails.length, 1));

    let text = '';
    await eventually(async () => {
      text = await (await fetch(`${base}/metrics`)).text();
      assert.equal(sample(text, 'bp_notification_deliveries_total', { channel: 'email', outcome: 'sent' }), 1);
      assert.match(text, /^temporal_workflow_completed\{.*workflow_type="invoiceWorkflow".*\} [1-9]/m, 'the SDK’s workflow completions');
    });
    assert.match(text, /^temporal_activity_execution_latency_(bucket|count)\{/m, 'the SDK’s activity latencies');
    assert.match(text, /^temporal_local_activity_execution_latency_(bucket|count)\{/m, 'and its local activities’');
    assert.ok(sample(text, 'bp_ai_calls_total', { provider: 'offline', task: 'invoice', outcome: 'ok' })! >= 1);
    for (const name of dashboardMetrics().filter((n) => n.startsWith('temporal_') && !ONLY_AFTER_SUCH_AN_END.has(n)))
      assert.match(text, new RegExp(`^${name}(_bucket)?\\{`, 'm'), `the dashboard queries ${name}, which the worker serves`);

    // Log lines of the workflow and of its activities carry the process, the workflow id and the run id.
    const lines = worker
      .output()
      .split('\n')
      .filter((l) => l.includes(invoice.workflowId))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const posted = lines.find((l) => l.msg === 'invoice posted');
    assert.ok(posted, 'the posting activity logged');
    assert.equal(posted.process, 'invoice');
    assert.equal(posted.workflowId, invoice.workflowId);
    assert.match(String(posted.runId), /^[0-9a-f-]{36}$/);
    const workflowLines = lines.filter((l) => l.workflowType === 'invoiceWorkflow' && l.activityType === undefined);
    assert.ok(workflowLines.length > 0, 'the workflow logged');
    for (const l of workflowLines) {
      assert.equal(l.process, 'invoice');
      assert.match(String(l.runId), /^[0-9a-f-]{36}$/);
    }
  } finally {
    worker.child.kill('SIGTERM');
    await worker.exited;
    await stack.stop();
    await smtp.close();
  }
  const gone = await fetch(`http://127.0.0.1:${port}/readyz`).then(
    (r) => r.status,
    () => 'closed',
  );
  assert.equal(gone, 'closed', 'a stopped worker serves nothing');
});
