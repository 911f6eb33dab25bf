/**
 * The API's edges, tried as a hostile client would: huge unauthenticated bodies, floods of wrong
 * tokens and submissions, many uploads at once, broken path escapes; and the headers every
 * answer carries.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { createVendor } from '../../db/vendors.js';
import { apiClient } from '../helpers/api.js';
import { invoiceText, waitForResult } from '../helpers/invoices.js';
import { eventually } from '../helpers/runs.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

const TOKENS = {
  clerk: 'tok-clerk-0001',
  flood: 'tok-flood-0002',
  quota: 'tok-quota-0003',
  uploader: 'tok-upload-004',
  another: 'tok-another-05',
};
const AUTH_TOKENS = Object.entries(TOKENS)
  .map(([user, token]) => `${token}=${user}:ap_clerk`)
  .join(',');

/** Send a request whose body is streamed; resolves with the answer (or how the connection ended). */
function rawRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; bodyBytes: number; hold?: Promise<void> },
): Promise<{ status?: number; headers?: http.IncomingHttpHeaders; body?: string; error?: string; sent: number }> {
  return new Promise((resolve) => {
    let sent = 0;
    const req = http.request(url, { method: opts.method ?? 'POST', headers: { 'content-length': String(opts.bodyBytes), ...opts.headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body, sent }));
    });
    req.on('error', (error) => resolve({ error: error.message, sent }));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = async () => {
      while (sent < opts.bodyBytes && !req.destroyed) {
        if (opts.hold && sent >= chunk.length) {
          await opts.hold;
          opts.hold = undefined;
        }
        const n = Math.min(chunk.length, opts.bodyBytes - sent);
        sent += n;
        if (!req.write(chunk.subarray(0, n))) await new Promise((r) => req.once('drain', r));
      }
      req.end();
    };
    void pump();
  });
}

describe('API edges', () => {
  let stack: TestStack;
  let base: string;
  let call: ReturnType<typeof apiClient>;

  before(async () => {
    stack = await startTestStack({
      api: true,
      env: {
        AUTH_TOKENS,
        AUTH_FAILURES_PER_MINUTE: '10',
        SUBMISSIONS_PER_MINUTE: '5',
        MAX_PENDING_DOCUMENTS_PER_USER: '3',
        MAX_CONCURRENT_UPLOADS: '2',
        UPLOAD_WAIT: '300ms',
      },
    });
    base = stack.api!.url;
    call = apiClient(base);
    await createVendor(stack.db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111' });
  });
  after(async () => {
    await stack.stop();
    await stopOwnTemporal();
  });

  test('an unauthenticated 50 MB upload is refused with 401 before its body is read', async () => {
    const res = await rawRequest(`${base}/api/invoices`, { headers: { 'content-type': 'text/plain' }, bodyBytes: 50 * 1024 * 1024 });
    assert.equal(res.status, 401, JSON.stringify(res));
    assert.equal(JSON.parse(res.body!).code, 'unauthenticated');
    assert.equal(res.headers?.connection, 'close', 'the connection is closed rather than drained');
    assert.ok(res.sent < 50 * 1024 * 1024, `the server answered before the body was sent (${res.sent} bytes sent)`);
  });

  test('an authenticated upload over the limit gets 413', async () => {
    const res = await rawRequest(`${base}/api/invoices`, {
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${TOKENS.clerk}` },
      bodyBytes: 11 * 1024 * 1024,
    });
    assert.equal(res.status, 413);
  });

  test('every answer carries security headers; API answers are never cached', async () => {
    const res = await call('GET', '/api/invoices', { token: TOKENS.clerk });
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.ok(res.headers.get('strict-transport-security'));
    assert.equal(res.headers.get('x-powered-by'), null);
    const unauthenticated = await call('GET', '/api/invoices');
    assert.equal(unauthenticated.headers.get('cache-control'), 'no-store');
  });

  test('Swagger UI works under the CSP: it loads only scripts from its own origin, none inline', async () => {
    const page = await fetch(`${base}/docs/`);
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    const html = await page.text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length > 0);
    for (const [, attributes, inline] of scripts) {
      const src = /src=["']([^"']+)["']/.exec(attributes ?? '')?.[1];
      assert.ok(src && !/^https?:/.test(src), `a script from this origin, not inline: ${attributes}`);
      assert.equal(inline?.trim(), '');
      assert.equal((await fetch(new URL(src, `${base}/docs/`))).status, 200, `${src} is served`);
    }
  });

  test('a malformed percent-escape in a path is a 400 with a JSON error, not a 500', async () => {
    for (const path of ['/api/invoices/%ZZ', '/api/tasks/%', '/api/tasks/%E0%A4%A/decision']) {
      const res = await call(path.endsWith('decision') ? 'POST' : 'GET', path, {
        token: TOKENS.clerk,
        ...(path.endsWith('decision') && { json: { decision: 'approve' } }),
      });
      assert.deepEqual([res.status, res.data.code, res.data.field], [400, 'bad_path', 'path'], path);
    }
  });

  test('a submitter may have only so many invoices in flight: then 429 quota_exceeded', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await call('POST', '/api/invoices', {
        token: TOKENS.quota,
        json: { text: invoiceText({ number: `Q-${i}`, lines: [{ description: 'Desk', quantity: 1, unitPrice: 5000 }] }) },
      });
      assert.equal(res.status, 202);
    }
    const over = await call('POST', '/api/invoices', { token: TOKENS.quota, json: { text: invoiceText({ number: 'Q-3' }) } });
    assert.deepEqual([over.status, over.data.code], [429, 'quota_exceeded']);
  });

  test('submissions a minute are limited per user: 429 with Retry-After, and other users go on', async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) {
      const answer = await call('POST', '/api/invoices', { token: TOKENS.flood, json: { text: invoiceText({ number: `F-${i}` }) } });
      answers.push(answer);
      // Each one finishes before the next, so only the rate (not the in-flight quota) is tried.
      if (answer.status === 202) await waitForResult(stack.client, answer.data.workflowId);
    }
    assert.deepEqual(
      answers.map((a) => a.status),
      [202, 202, 202, 202, 202, 429],
    );
    assert.equal(answers[5]!.data.code, 'too_many_submissions');
    assert.ok(Number(answers[5]!.headers.get('retry-after')) > 0);
    assert.equal((await call('POST', '/api/invoices', { token: TOKENS.another, json: { text: invoiceText({ number: 'F-other' }) } })).status, 202);
  });

  test('only so many uploads are received at once: the next waits its turn, then gets 503 with Retry-After', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    const headers = { 'content-type': 'text/plain', authorization: `Bearer ${TOKENS.uploader}` };
    // Two uploads that send a first chunk and then wait: they hold both upload slots.
    const slow = [0, 1].map(() => rawRequest(`${base}/api/invoices`, { headers, bodyBytes: 2 * 1024 * 1024, hold }));
    try {
      await eventually(async () => {
        const third = await call('POST', '/api/invoices', { token: TOKENS.another, body: 'INVOICE\nTotal: 1.00', type: 'text/plain' });
        assert.deepEqual([third.status, third.data.code], [503, 'too_many_uploads']);
        assert.equal(third.headers.get('retry-after'), '1');
      });
    } finally {
      release();
    }
    const done = await Promise.all(slow);
    // The held uploads are received once they go on.
    for (const d of done) assert.equal(d.status, 202, JSON.stringify(d));
  });

  // Last in the file: afterwards this address is refused for the rest of the minute.
  test('failed authentications are limited per client: past 10 a minute, 429 with Retry-After', async () => {
    const answers = [];
    for (let i = 0; i < 14; i++) answers.push(await call('GET', '/api/invoices', { token: `wrong-token-${i}` }));
    const refused = answers.filter((a) => a.status === 401).length;
    assert.ok(refused <= 10, `${refused} wrong tokens were told 401 (earlier tests of this file made a few)`);
    assert.deepEqual(
      answers.map((a) => a.status),
      [...Array(refused).fill(401), ...Array(14 - refused).fill(429)],
    );
    for (const a of answers.slice(refused)) {
      assert.equal(a.data.code, 'too_many_failed_authentications');
      assert.ok(Number(a.headers.get('retry-after')) > 0);
    }
  });
});
