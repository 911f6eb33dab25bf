/** The REST API over HTTP against a real worker and dev server: the contract the README documents. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiClient } from '../helpers/api.js';
import { buildEmail, textToPdf } from '../helpers/documents.js';
import { invoiceText, waitForResult } from '../helpers/invoices.js';
import { eventually, waitForPendingTask } from '../helpers/runs.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

describe('REST API', () => {
  let stack: TestStack;
  let base: string;

  let call: ReturnType<typeof apiClient>;

  before(async () => {
    stack = await startTestStack({ api: true });
    base = stack.api!.url;
    call = apiClient(base);
  });
  after(async () => {
    await stack.stop();
    await stopOwnTemporal();
  });

  test('health needs no token and reports Temporal and the database', async () => {
    const res = await call('GET', '/api/health');
    assert.equal(res.status, 200);
    assert.equal(res.data.status, 'ok');
    assert.equal(res.data.temporal.ok, true);
    assert.equal(res.data.database.ok, true);
    assert.equal(res.data.workers.ok, true, 'a worker polls the task queue');
    assert.equal(res.data.workers.taskQueue, stack.config.temporal.taskQueue);
  });

  test('401 without a token or with a wrong one, as JSON with a code', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const res = await call('GET', '/api/invoices', token ? { token } : {});
      assert.equal(res.status, 401);
      assert.equal(res.data.code, 'unauthenticated');
      assert.ok(res.data.message);
    }
  });

  test('403 when the role may not do it', async () => {
    const submit = await call('POST', '/api/invoices', { token: 'dev-manager', json: { text: 'x' } });
    assert.equal(submit.status, 403);
    assert.equal(submit.data.code, 'forbidden');
    assert.equal((await call('POST', '/api/vendors', { token: 'dev-director', json: { name: 'X' } })).status, 403);
  });

  test('400 names the field at fault; malformed JSON and wrong content types are JSON errors too', async () => {
    const noName = await call('POST', '/api/vendors', { token: 'dev-clerk', json: { taxId: 'X' } });
    assert.equal(noName.status, 400);
    assert.equal(noName.data.field, 'name');
    const badCurrency = await call('POST', '/api/purchase-orders', { token: 'dev-clerk', json: { number: 'P', vendor: 'x', amount: 1, currency: 'euro' } });
    assert.equal(badCurrency.data.field, 'currency');
    const badAmount = await call('POST', '/api/purchase-orders', { token: 'dev-clerk', json: { number: 'P', vendor: 'x', amount: -5, currency: 'EUR' } });
    assert.equal(badAmount.data.field, 'amount');
    const unknownVendor = await call('POST', '/api/purchase-orders', {
      token: 'dev-clerk',
      json: { number: 'P', vendor: 'Nobody', amount: 1, currency: 'EUR' },
    });
    assert.deepEqual([unknownVendor.status, unknownVendor.data.field], [400, 'vendor']);
    const emptyText = await call('POST', '/api/invoices', { token: 'dev-clerk', json: { text: '   ' } });
    assert.deepEqual([emptyText.status, emptyText.data.field], [400, 'text']);
    const malformed = await call('POST', '/api/invoices', { token: 'dev-clerk', body: '{"text": ', type: 'application/json' });
    assert.deepEqual([malformed.status, malformed.data.code], [400, 'malformed_json']);
    const png = await call('POST', '/api/invoices', { token: 'dev-clerk', body: 'PNG', type: 'image/png' });
    assert.deepEqual([png.status, png.data.code], [415, 'unsupported_media_type']);
    const badPage = await call('GET', '/api/invoices?limit=0', { token: 'dev-clerk' });
    assert.deepEqual([badPage.status, badPage.data.field], [400, 'limit']);
  });

  test('413 for a document over 10 MB', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1024, 'a');
    const res = await call('POST', '/api/invoices', { token: 'dev-clerk', body: big, type: 'text/plain' });
    assert.equal(res.status, 413);
    assert.equal(res.data.code, 'payload_too_large');
  });

  test('404 for unknown invoices, tasks and routes', async () => {
    assert.equal((await call('GET', '/api/invoices/nope', { token: 'dev-clerk' })).status, 404);
    const task = await call('POST', '/api/tasks/nope/decision', { token: 'dev-admin', json: { decision: 'approve' } });
    assert.deepEqual([task.status, task.data.code], [404, 'not_found']);
    assert.equal((await call('GET', '/api/nothing-here', { token: 'dev-clerk' })).status, 404);
  });

  test('vendors and purchase orders: create, list, and conflicts are 409', async () => {
    const vendor = await call('POST', '/api/vendors', { token: 'dev-clerk', json: { name: 'Acme Supplies GmbH', taxId: 'DE811111111', aliases: ['Acme'] } });
    assert.equal(vendor.status, 201);
    assert.match(vendor.data.id, /^ven_/);
    const again = await call('POST', '/api/vendors', { token: 'dev-admin', json: { name: 'ACME Supplies GmbH' } });
    assert.deepEqual([again.status, again.data.code, again.data.field], [409, 'conflict', 'name']);
    const po = await call('POST', '/api/purchase-orders', {
      token: 'dev-clerk',
      json: { number: 'PO-API-1', vendor: 'Acme Supplies GmbH', amount: 50000, currency: 'EUR' },
    });
    assert.equal(po.status, 201);
    assert.equal(po.data.vendorId, vendor.data.id);
    assert.equal(po.data.remaining, 50000);
    const list = await call('GET', '/api/vendors', { token: 'dev-clerk' });
    assert.equal(list.data.total, 1);
    assert.equal((await call('GET', '/api/purchase-orders', { token: 'dev-clerk' })).data.items[0].number, 'PO-API-1');
  });

  test('submit, idempotent repeat, read, list, approve through the inbox, and 409 on a second decision', async () => {
    const text = invoiceText({ number: 'API-1', po: 'PO-API-1', lines: [{ description: 'Laptops', quantity: 3, unitPrice: 1200 }] });
    const first = await call('POST', '/api/invoices', { token: 'dev-clerk', json: { text }, headers: { 'idempotency-key': 'upload-42' } });
    assert.equal(first.status, 202);
    assert.match(first.data.workflowId, /^invoice-/);
    assert.equal(first.data.links.self, `/api/invoices/${first.data.id}`);
    assert.match(first.data.links.temporalUi, new RegExp(`/namespaces/default/workflows/${first.data.workflowId}$`));
    const repeat = await call('POST', '/api/invoices', { token: 'dev-clerk', json: { text }, headers: { 'idempotency-key': 'upload-42' } });
    assert.equal(repeat.status, 200);
    assert.equal(repeat.data.id, first.data.id);
    const byOther = await call('POST', '/api/invoices', { token: 'dev-admin', json: { text: 'INVOICE\nx' }, headers: { 'idempotency-key': 'upload-42' } });
    assert.notEqual(byOther.data.id, first.data.id, 'keys are scoped to the submitter');

    const taskId = await waitForPendingTask(stack.client, first.data.workflowId, 'manager');
    const detail = await call('GET', `/api/invoices/${first.data.id}`, { token: 'dev-clerk' });
    assert.equal(detail.status, 200);
    assert.equal(detail.data.status, 'awaiting_approval');
    assert.equal(detail.data.readFrom, 'workflow');
    assert.deepEqual([detail.data.process, detail.data.id, detail.data.workflowId], ['invoice', first.data.id, first.data.workflowId]);
    assert.equal(detail.data.details.extracted.total, 3960);
    assert.ok(Array.isArray(detail.data.details.findings));

    await eventually(async () => {
      const inbox = await call('GET', '/api/tasks?status=pending', { token: 'dev-manager' });
      const item = inbox.data.items.find((t: { id: string }) => t.id === taskId);
      assert.ok(item, 'the manager sees the task');
      assert.equal(item.process, 'invoice');
      assert.equal(item.workflowId, first.data.workflowId);
      assert.equal(item.amount, 3960);
      assert.equal(item.requiredRole, 'manager');
      assert.match(item.subject, /API-1/);
      assert.ok(item.dueAt);
    });
    const invoiceTasks = await call('GET', '/api/tasks?status=pending&process=invoice', { token: 'dev-manager' });
    assert.ok(
      invoiceTasks.data.items.some((t: { id: string }) => t.id === taskId),
      'filtered by its process, the task is there',
    );
    const otherProcess = await call('GET', '/api/tasks?status=pending&process=alert', { token: 'dev-manager' });
    assert.ok(!otherProcess.data.items.some((t: { id: string }) => t.id === taskId), 'filtered by another process, it is not');
    const clerkInbox = await call('GET', '/api/tasks', { token: 'dev-clerk' });
    assert.ok(!clerkInbox.data.items.some((t: { id: string }) => t.id === taskId), 'a clerk does not see manager tasks');
    assert.ok((await call('GET', '/api/tasks', { token: 'dev-admin' })).data.items.some((t: { id: string }) => t.id === taskId));

    const wrongRole = await call('POST', `/api/tasks/${encodeURIComponent(taskId)}/decision`, { token: 'dev-clerk', json: { decision: 'approve' } });
    assert.equal(wrongRole.status, 403);
    const badDecision = await call('POST', `/api/tasks/${encodeURIComponent(taskId)}/decision`, { token: 'dev-manager', json: { decision: 'maybe' } });
    assert.deepEqual([badDecision.status, badDecision.data.field], [400, 'decision']);
    const ok = await call('POST', `/api/tasks/${encodeURIComponent(taskId)}/decision`, {
      token: 'dev-manager',
      json: { decision: 'approve', comment: 'Budgeted' },
    });
    assert.equal(ok.status, 202);
    const final = await waitForResult(stack.client, first.data.workflowId);
    assert.equal(final.status, 'posted');

    await eventually(async () => {
      const twice = await call('POST', `/api/tasks/${encodeURIComponent(taskId)}/decision`, { token: 'dev-manager', json: { decision: 'reject' } });
      assert.deepEqual([twice.status, twice.data.code], [409, 'already_decided']);
    });
    const posted = await call('GET', '/api/invoices?status=posted', { token: 'dev-clerk' });
    assert.ok(posted.data.items.some((i: { id: string }) => i.id === first.data.id));
    assert.ok(posted.data.items.every((i: { status: string }) => i.status === 'posted'));
  });

  test('a raw PDF upload and an email upload are processed like text', async () => {
    const pdf = await textToPdf(invoiceText({ number: 'API-PDF-1', lines: [{ description: 'Cables', quantity: 10, unitPrice: 5 }] }));
    const res = await call('POST', '/api/invoices', {
      token: 'dev-clerk',
      body: Buffer.from(pdf),
      type: 'application/pdf',
      headers: { 'x-filename': 'invoice.pdf' },
    });
    assert.equal(res.status, 202);
    const state = await waitForResult(stack.client, res.data.workflowId);
    assert.equal(state.status, 'posted', JSON.stringify(state.details.findings));
    assert.equal(state.details.extracted?.invoiceNumber, 'API-PDF-1');
    assert.equal(state.details.source, 'upload');

    const email = buildEmail({
      body: 'Invoice attached.',
      attachments: [
        {
          filename: 'invoice.pdf',
          contentType: 'application/pdf',
          content: await textToPdf(invoiceText({ number: 'API-MAIL-1', lines: [{ description: 'Mugs', quantity: 4, unitPrice: 8 }] })),
        },
      ],
    });
    const mailed = await call('POST', '/api/invoices', { token: 'dev-clerk', body: Buffer.from(email), type: 'message/rfc822' });
    assert.equal(mailed.status, 202);
    const fromMail = await waitForResult(stack.client, mailed.data.workflowId);
    assert.equal(fromMail.status, 'posted', JSON.stringify(fromMail.details.findings));
    assert.equal(fromMail.details.extracted?.invoiceNumber, 'API-MAIL-1');
    assert.equal(fromMail.details.source, 'email');
  });

  test('with no worker running, an invoice is still readable from the register', async () => {
    const res = await call('POST', '/api/invoices', { token: 'dev-clerk', json: { text: invoiceText({ number: 'API-NOWORKER-1' }) } });
    await waitForResult(stack.client, res.data.workflowId);
    await stack.stopWorker();
    try {
      const detail = await call('GET', `/api/invoices/${res.data.id}`, { token: 'dev-clerk' });
      assert.equal(detail.status, 200);
      assert.equal(detail.data.readFrom, 'register');
      assert.ok(detail.data.asOf, 'the answer says how fresh it is');
      assert.equal(detail.data.status, 'posted');
      assert.equal(detail.data.invoiceNumber, 'API-NOWORKER-1');
    } finally {
      await stack.startWorker();
    }
  });

  test('the run register lists runs of every process, newest first, by process and status', async () => {
    const res = await call('POST', '/api/invoices', { token: 'dev-clerk', json: { text: invoiceText({ number: 'API-RUNS-1' }) } });
    await waitForResult(stack.client, res.data.workflowId);
    await eventually(async () => {
      const runs = await call('GET', '/api/runs?process=invoice&status=posted', { token: 'dev-manager' });
      assert.equal(runs.status, 200);
      const run = runs.data.items.find((r: { id: string }) => r.id === res.data.id);
      assert.ok(run, 'the posted invoice is listed');
      assert.deepEqual([run.process, run.status, run.workflowId, run.submittedBy], ['invoice', 'posted', res.data.workflowId, 'dev-clerk']);
      assert.match(run.subject, /API-RUNS-1 from Acme Supplies GmbH/);
      assert.equal(run.links.self, `/api/invoices/${res.data.id}`);
      assert.ok(runs.data.items.every((r: { status: string }) => r.status === 'posted'));
    });
    const all = await call('GET', '/api/runs?limit=200', { token: 'dev-clerk' });
    const created = all.data.items.map((r: { createdAt: string }) => r.createdAt);
    assert.deepEqual(created, [...created].sort().reverse(), 'newest first');
    assert.equal((await call('GET', '/api/runs?process=nothing-like-it', { token: 'dev-clerk' })).data.total, 0);
  });

  test('the OpenAPI document and Swagger UI are served', async () => {
    const doc = await call('GET', '/api/openapi.json');
    assert.equal(doc.status, 200);
    assert.equal(doc.data.openapi, '3.1.0');
    for (const path of [
      '/api/invoices',
      '/api/invoices/{id}',
      '/api/tasks',
      '/api/tasks/{taskId}/decision',
      '/api/vendors',
      '/api/purchase-orders',
      '/api/health',
    ]) {
      assert.ok(doc.data.paths[path], `missing ${path}`);
    }
    assert.ok(doc.data.paths['/api/invoices'].post.requestBody.content['application/pdf']);
    const ui = await call('GET', '/docs/');
    assert.equal(ui.status, 200);
    assert.match(String(ui.data), /swagger-ui/i);
  });
});
