/**
 * OpenTelemetry tracing (OTEL_EXPORTER_OTLP_ENDPOINT) against a local OTLP/HTTP receiver: the API
 * process and the worker process export spans, and one trace runs from the HTTP request through the
 * workflow to each of its activities.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { freePort } from '../../config/net.js';
import { createVendor } from '../../db/vendors.js';
import { apiClient } from '../helpers/api.js';
import { startFakeHttp } from '../helpers/fake-channels.js';
import { invoiceText } from '../helpers/invoices.js';
import { databaseEnv } from '../helpers/postgres.js';
import { spawnReady, type ReadyChild } from '../helpers/processes.js';
import { eventually } from '../helpers/runs.js';
import { startTestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

after(() => stopOwnTemporal());

interface Span {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string };
}

/** The spans of an OTLP/JSON export request. */
function spansOf(body: string): Span[] {
  const request = JSON.parse(body) as {
    resourceSpans: {
      resource: { attributes: OtlpAttribute[] };
      scopeSpans: { spans: { traceId: string; spanId: string; parentSpanId?: string; name: string }[] }[];
    }[];
  };
  return request.resourceSpans.flatMap((rs) => {
    const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
    return rs.scopeSpans.flatMap((ss) =>
      ss.spans.map((s) => ({ service, traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId || undefined, name: s.name })),
    );
  });
}

test('one trace from the HTTP request through the workflow and its activities, from two processes', async () => {
  const receiver = await startFakeHttp((req) =>
    req.path === '/v1/traces' ? { status: 200, body: '{}', headers: { 'content-type': 'application/json' } } : { status: 404 },
  );
  const stack = await startTestStack({ worker: false });
  const env = { INVOICE_TASK_QUEUE: stack.config.temporal.taskQueue, ...databaseEnv(stack.config.database), OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
  const children: ReadyChild[] = [];
  try {
    const port = await freePort();
    children.push(await spawnReady('workers/main.ts', env, '"msg":"worker started"'));
    children.push(await spawnReady('api/main.ts', { ...env, PORT: String(port) }, '"msg":"API listening"'));
    const call = apiClient(`http://127.0.0.1:${port}`);
    await createVendor(stack.db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111' });
    const submitted = await call('POST', '/api/invoices', { token: 'dev-clerk', json: { text: invoiceText({ number: 'TRACE-1' }) } });
    assert.equal(submitted.status, 202);
    await eventually(
      async () => assert.equal((await call('GET', `/api/invoices/${submitted.data.id as string}`, { token: 'dev-clerk' })).data.status, 'posted'),
      60_000,
    );

    let trace: Span[] = [];
    await eventually(async () => {
      const spans = receiver.received.filter((r) => r.path === '/v1/traces').flatMap((r) => spansOf(r.body));
      const request = spans.find((s) => s.name === 'POST /api/invoices');
      assert.ok(request, `the request's span (received: ${[...new Set(spans.map((s) => s.name))].join(', ')})`);
      trace = spans.filter((s) => s.traceId === request.traceId);
      const names = trace.map((s) => s.name);
      assert.ok(names.includes('StartWorkflow:invoiceWorkflow'), `the start in the trace: ${names.join(', ')}`);
      assert.ok(names.includes('RunWorkflow:invoiceWorkflow'), `the workflow in the trace: ${names.join(', ')}`);
      assert.ok(
        names.some((n) => n.startsWith('RunActivity:')),
        `activities in the trace: ${names.join(', ')}`,
      );
      assert.ok(
        names.includes('RunActivity:postToLedger') || names.some((n) => /RunActivity:.*[Pp]ost/.test(n)),
        `the posting in the trace: ${names.join(', ')}`,
      );
    }, 30_000);
    assert.deepEqual(new Set(trace.map((s) => s.service)), new Set(['business-processes-api', 'business-processes-worker']), 'spans from both processes');
    const request = trace.find((s) => s.name === 'POST /api/invoices')!;
    assert.equal(request.parentSpanId, undefined, 'the request is the root');
    const ids = new Set(trace.map((s) => s.spanId));
    for (const span of trace) if (span !== request) assert.ok(span.parentSpanId && ids.has(span.parentSpanId), `${span.name} hangs off a span of the trace`);
  } finally {
    for (const c of children) c.child.kill('SIGTERM');
    await Promise.all(children.map((c) => c.exited));
    await stack.stop();
    await receiver.close();
  }
});
