/**
 * Content published to a CMS webhook (a local server that checks the signature and honours
 * Idempotency-Key, as a CMS API does), with the workers in their own processes: a CMS 500 retried
 * until it takes the piece; a 4xx recorded as a failed publication; exactly one publication per
 * platform when the worker is killed mid-publish; the review reminded and escalated to the
 * managing editor with short timers.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { webhookSignature } from '../../activities/notifications/webhook-signature.js';
import { apiClient } from '../helpers/api.js';
import { spawnEntry } from '../helpers/processes.js';
import { eventually } from '../helpers/runs.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';
import { databaseEnv } from '../helpers/postgres.js';

const SECRET = 'cms-secret-0123456789abcdef';

/** A CMS: each piece is published once per Idempotency-Key; a repeat answers the first result. */
interface Cms {
  url: string;
  requests: { key: string; title: string; platform: string; signed: boolean }[];
  published: Map<string, string>;
  /** What to do with a request (the n-th of its key, the n-th of its piece): answer now (a status), or hold it unanswered. */
  behave: (title: string, attempt: number, ofTitle: number) => number | 'hold';
  close(): Promise<void>;
}

async function startCms(): Promise<Cms> {
  const held: http.ServerResponse[] = [];
  const cms: Cms = { url: '', requests: [], published: new Map(), behave: () => 201, close: async () => {} };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const piece = JSON.parse(body) as { id: string; platform: string; title: string };
      const key = String(req.headers['idempotency-key']);
      const signed = req.headers['x-signature'] === webhookSignature(SECRET, String(req.headers['x-timestamp']), body);
      const attempt = cms.requests.filter((r) => r.key === key).length + 1;
      const ofTitle = cms.requests.filter((r) => r.title === piece.title).length + 1;
      cms.requests.push({ key, title: piece.title, platform: piece.platform, signed });
      if (!signed) return res.writeHead(401).end('bad signature');
      const seen = cms.published.get(key);
      if (seen) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: seen }));
      const behaviour = cms.behave(piece.title, attempt, ofTitle);
      if (behaviour === 'hold') {
        // The CMS takes the piece but its answer never reaches the worker.
        cms.published.set(key, `https://cms.example/${piece.id}/${piece.platform}`);
        held.push(res);
        return;
      }
      if (behaviour >= 300) return res.writeHead(behaviour, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `status ${behaviour}` }));
      const url = `https://cms.example/${piece.id}/${piece.platform}`;
      cms.published.set(key, url);
      res.writeHead(behaviour, { 'content-type': 'application/json' }).end(JSON.stringify({ url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cms.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/publish`;
  cms.close = () =>
    new Promise<void>((resolve) => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return cms;
}

let stack: TestStack;
let call: ReturnType<typeof apiClient>;
let cms: Cms;
let worker: ChildProcess | undefined;

const env = () => ({
  CONTENT_PUBLISH_URL: cms.url,
  CONTENT_PUBLISH_SECRET: SECRET,
  CONTENT_REMIND_AFTER: '1s',
  CONTENT_ESCALATE_AFTER: '3s',
});

/** The workers, in a process of their own (killed and started again by a test). */
const startWorker = async () => {
  worker = await spawnEntry('workers/main.ts', { ...env(), INVOICE_TASK_QUEUE: stack.config.temporal.taskQueue, ...databaseEnv(stack.config.database) });
};

before(async () => {
  cms = await startCms();
  stack = await startTestStack({ api: true, worker: false, env: env() });
  call = apiClient(stack.api!.url);
  await startWorker();
});

after(async () => {
  if (worker && worker.exitCode === null) worker.kill('SIGKILL');
  await stack?.stop();
  await cms?.close();
  await stopOwnTemporal();
});

const brief = (title: string) => ({
  title,
  topic: 'How finance teams close the books faster.',
  audience: 'Finance teams',
  platforms: ['blog', 'linkedin', 'x', 'newsletter'],
  keywords: ['month-end close'],
  wordCount: 300,
});

async function submitApproved(title: string): Promise<{ id: string; workflowId: string }> {
  const r = await call('POST', '/api/content', { token: 'dev-managing-editor', json: brief(title) });
  assert.equal(r.status, 202, JSON.stringify(r.data));
  await eventually(async () => {
    const inbox = await call('GET', '/api/tasks?status=pending&process=content', { token: 'dev-editor' });
    const task = inbox.data.items.find((t: any) => t.workflowId === r.data.workflowId);
    assert.ok(task, 'the review is in the inbox');
    assert.equal((await call('POST', `/api/tasks/${task.id}/decision`, { token: 'dev-editor', json: { decision: 'approve' } })).status, 202);
  }, 60_000);
  return r.data;
}

async function pieceOf(id: string, done: (p: any) => boolean, timeoutMs = 60_000): Promise<any> {
  let piece: any;
  await eventually(async () => {
    piece = (await call('GET', `/api/content/${id}`, { token: 'dev-editor' })).data;
    assert.ok(done(piece), `content ${id}: ${piece.status} at ${piece.step}`);
  }, timeoutMs);
  return piece;
}

test('a CMS that answers 500 is tried again until it takes the piece; every request is signed; the CMS’s URLs are recorded', async () => {
  cms.behave = (title, _attempt, ofTitle) => (title === 'Flaky CMS day' && ofTitle <= 2 ? 500 : 201);
  const { id } = await submitApproved('Flaky CMS day');
  const piece = await pieceOf(id, (p) => p.status === 'published');
  assert.equal(piece.details.publication.target, 'cms');
  assert.equal(piece.details.publication.urls.blog, `https://cms.example/${id}/blog`);
  const mine = cms.requests.filter((r) => r.title === 'Flaky CMS day');
  assert.ok(mine.every((r) => r.signed));
  assert.ok(mine.filter((r) => r.platform === 'blog').length >= 3, 'the blog was tried three times');
  assert.equal([...cms.published.keys()].filter((k) => k.startsWith(`content-${id}-`)).length, 4);
});

test('a CMS that refuses the piece (4xx) fails the publication, with its answer', async () => {
  cms.behave = (title) => (title === 'Refused piece' ? 422 : 201);
  const { id } = await submitApproved('Refused piece');
  const piece = await pieceOf(id, (p) => p.status === 'publish_failed');
  assert.equal(piece.reason, 'publish_rejected');
  assert.match(piece.details.publication.error, /422/);
  assert.equal(cms.requests.filter((r) => r.title === 'Refused piece').length, 1, 'a refusal is not retried');
});

test('the worker killed mid-publish: the CMS holds exactly one publication per platform', async () => {
  cms.behave = (title, _attempt, ofTitle) => (title === 'Cut-off publish' && ofTitle === 1 ? 'hold' : 201);
  const { id } = await submitApproved('Cut-off publish');
  await eventually(
    async () =>
      assert.ok(
        cms.requests.some((r) => r.title === 'Cut-off publish'),
        'the worker is publishing',
      ),
    60_000,
  );
  worker!.kill('SIGKILL');
  await new Promise((r) => worker!.once('exit', r));
  await startWorker();
  const piece = await pieceOf(id, (p) => p.status === 'published', 90_000);
  assert.deepEqual(Object.keys(piece.details.publication.urls).sort(), ['blog', 'linkedin', 'newsletter', 'x']);
  const requests = cms.requests.filter((r) => r.title === 'Cut-off publish');
  const first = requests[0]!;
  assert.ok(requests.filter((r) => r.key === first.key).length >= 2, 'the cut-off platform was sent again, with the same Idempotency-Key');
  assert.equal([...cms.published.keys()].filter((k) => k.startsWith(`content-${id}-`)).length, 4, 'one publication per platform');
  const store = await call('GET', `/api/content/${id}/published`, { token: 'dev-editor' });
  assert.equal(store.data.items.length, 4);
});

test('nobody reviews: the editors are reminded, then the review passes to the managing editor', async () => {
  const r = await call('POST', '/api/content', { token: 'dev-integration', json: brief('Waiting for a reviewer') });
  assert.equal(r.status, 202);
  const escalated = await pieceOf(r.data.id, (p) => p.tasks.some((t: any) => t.status === 'pending' && t.role === 'managing_editor'), 60_000);
  const task = escalated.tasks.find((t: any) => t.status === 'pending');
  assert.ok(task.remindedAt, 'reminded before it passed up');
  assert.equal(task.originalRole, 'editor');
  assert.equal((await call('POST', `/api/tasks/${task.taskId}/decision`, { token: 'dev-managing-editor', json: { decision: 'approve' } })).status, 202);
  await pieceOf(r.data.id, (p) => p.status === 'published');
});
