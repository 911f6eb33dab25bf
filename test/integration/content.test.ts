/**
 * Content production on the real dev server, through the HTTP API, with the offline composer and
 * the project's own published-content store: a brief drafted, checked and formatted for each
 * platform; a draft failing a gate redrafted with the findings and passing; one that keeps failing
 * (a dead link, on a local server) reaching the editor after the limit; the review loop (changes
 * requested twice, the comments in the next drafts, the diff shown, then approval; the revision
 * limit; rejection); publication at a time in the near future, and a cancelled one; the content
 * calendar (a schedule whose input is the brief).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiClient } from '../helpers/api.js';
import { startFakeHttp, type FakeHttp } from '../helpers/fake-channels.js';
import { eventually } from '../helpers/runs.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

let stack: TestStack;
let call: ReturnType<typeof apiClient>;
let site: FakeHttp;

before(async () => {
  // Link targets: /ok answers, /gone is 404, /moved redirects to /ok.
  site = await startFakeHttp((r) => {
    if (r.path.startsWith('/ok')) return { status: 200, body: 'ok' };
    if (r.path.startsWith('/moved')) return { status: 301, body: '', headers: { location: '/ok' } };
    return { status: 404, body: 'not found' };
  });
  stack = await startTestStack({ api: true, env: { CONTENT_MAX_REVISIONS: '2', CONTENT_LINK_TIMEOUT: '2s' } });
  call = apiClient(stack.api!.url);
});

after(async () => {
  await stack?.stop();
  await site?.close();
  await stopOwnTemporal();
});

const brief = (over: Record<string, unknown> = {}) => ({
  title: 'Faster month-end close for finance teams',
  topic: 'How finance teams can automate invoice approvals and close the books faster.',
  audience: 'Finance teams at mid-sized companies',
  goal: 'book a demo of approval automation',
  platforms: ['blog', 'linkedin', 'x', 'newsletter'],
  keywords: ['invoice automation', 'approval workflow'],
  mustInclude: ['Approvals should follow the amount limits finance sets'],
  links: [`${site.url}/ok/guide`, `${site.url}/moved/old`],
  wordCount: 500,
  ...over,
});

/** Submit as the managing editor (so an editor may review it). */
async function submit(over: Record<string, unknown> = {}) {
  const r = await call('POST', '/api/content', { token: 'dev-managing-editor', json: brief(over) });
  assert.equal(r.status, 202, JSON.stringify(r.data));
  return r.data as { id: string; workflowId: string };
}

/** A piece's state once `done` holds. */
async function pieceOf(id: string, done: (p: any) => boolean, timeoutMs = 30_000): Promise<any> {
  let piece: any;
  await eventually(async () => {
    const r = await call('GET', `/api/content/${id}`, { token: 'dev-editor' });
    assert.equal(r.status, 200, JSON.stringify(r.data));
    piece = r.data;
    assert.ok(done(piece), `content ${id}: ${piece.status} at ${piece.step}`);
  }, timeoutMs);
  return piece;
}

/** The pending review task of a piece, once it is in the editor's inbox. */
async function reviewTask(workflowId: string, version: number): Promise<any> {
  let task: any;
  await eventually(async () => {
    const inbox = await call('GET', '/api/tasks?status=pending&process=content', { token: 'dev-editor' });
    task = inbox.data.items.find((t: any) => t.workflowId === workflowId && t.subject.includes(`version ${version}`));
    assert.ok(task, `review of version ${version} in the inbox`);
  }, 20_000);
  return task;
}

const decide = (taskId: string, json: object, token = 'dev-editor') => call('POST', `/api/tasks/${taskId}/decision`, { token, json });

test('a brief is drafted, passes the gates, is formatted for every platform, approved and published once', async () => {
  const { id, workflowId } = await submit();
  const piece = await pieceOf(id, (p) => p.status === 'in_review');
  const v1 = piece.details.versions[0];
  assert.equal(piece.details.versions.length, 1);
  assert.equal(v1.passed, true, JSON.stringify(v1.findings));
  assert.match(v1.formats.blog.markdown, /^# Faster month-end close/);
  assert.match(v1.formats.blog.html, /<a href="http:\/\/127\.0\.0\.1:\d+\/ok\/guide" rel="noopener">/);
  assert.ok(v1.formats.linkedin.text.length <= 3000);
  assert.ok(v1.formats.x.posts.length >= 2);
  assert.match(v1.formats.x.posts.at(-1), new RegExp(`${v1.formats.x.posts.length}/${v1.formats.x.posts.length}$`));
  assert.equal(v1.formats.newsletter.subject, 'Faster month-end close for finance teams');
  assert.match(v1.formats.newsletter.text, /invoice automation/);

  const task = await reviewTask(workflowId, 1);
  assert.equal(task.kind, 'content_review');
  assert.deepEqual(task.decisions, ['approve', 'request_changes', 'reject']);
  const own = await decide(task.id, { decision: 'approve' }, 'dev-managing-editor');
  assert.notEqual(own.status, 202, 'the submitter does not review their own piece');
  assert.equal((await decide(task.id, { decision: 'approve' })).status, 202);
  const published = await pieceOf(id, (p) => p.status === 'published');
  assert.deepEqual(Object.keys(published.details.publication.urls).sort(), ['blog', 'linkedin', 'newsletter', 'x']);
  const store = await call('GET', `/api/content/${id}/published`, { token: 'dev-editor' });
  assert.deepEqual(store.data.items.map((p: any) => [p.platform, p.version, p.target]).sort(), [
    ['blog', 1, 'store'],
    ['linkedin', 1, 'store'],
    ['newsletter', 1, 'store'],
    ['x', 1, 'store'],
  ]);
  const runs = await call('GET', '/api/runs?process=content', { token: 'dev-admin' });
  assert.equal(runs.data.items.find((r: any) => r.id === id)?.status, 'published');
});

test('a draft failing a gate is redrafted with the findings and passes; one that keeps failing reaches the editor after the limit', async () => {
  // The house style prefers "use" over "utilize"; the topic says "utilize".
  const fixable = await submit({ title: 'How teams utilize approval rules', topic: 'How finance teams utilize approval rules to pay suppliers on time.' });
  const fixed = await pieceOf(fixable.id, (p) => p.status === 'in_review');
  assert.deepEqual(
    fixed.details.versions.map((v: any) => [v.version, v.reason, v.passed]),
    [
      [1, 'first', false],
      [2, 'redraft', true],
    ],
  );
  assert.ok(fixed.details.versions[0].findings.some((f: any) => f.code === 'style_prefer'));
  assert.doesNotMatch(fixed.details.versions[1].formats.blog.markdown, /utiliz/i);
  assert.ok(fixed.details.versions[1].diff.added > 0, 'the diff from version 1 is shown');

  // A link that is gone cannot be written away: after two redrafts the editor sees the findings.
  const broken = await submit({ title: 'Approval rules that work', links: [`${site.url}/gone/page`] });
  const stuck = await pieceOf(broken.id, (p) => p.status === 'in_review');
  assert.equal(stuck.details.versions.length, 3, 'the first draft and two redrafts');
  assert.equal(stuck.details.redrafts, 2);
  const last = stuck.details.versions.at(-1);
  assert.equal(last.passed, false);
  assert.ok(last.findings.some((f: any) => f.code === 'link_unreachable' && /404/.test(f.message)));
  const task = await reviewTask(broken.workflowId, 3);
  assert.match(task.subject, /failing gates/);
});

test('the review loop: changes requested twice reach the drafts, then approval; past the revision limit only approve or reject; rejection ends it', async () => {
  const { id, workflowId } = await submit({ title: 'Closing the books in three days' });
  await pieceOf(id, (p) => p.status === 'in_review');
  let task = await reviewTask(workflowId, 1);
  assert.equal((await decide(task.id, { decision: 'request_changes' })).status, 400, 'changes need a comment');
  assert.equal((await decide(task.id, { decision: 'request_changes', comment: 'Please add a paragraph about audit trails.' })).status, 202);
  let piece = await pieceOf(id, (p) => p.status === 'in_review' && p.details.versions.length === 2);
  assert.equal(piece.details.versions[1].reason, 'changes_requested');
  assert.equal(piece.details.versions[1].comment, 'Please add a paragraph about audit trails.');
  assert.match(piece.details.versions[1].formats.blog.markdown, /audit trails/i);
  assert.ok(piece.details.versions[1].diff.lines.some((l: any) => l.op === '+' && /audit trails/i.test(l.line)));

  task = await reviewTask(workflowId, 2);
  assert.equal((await decide(task.id, { decision: 'request_changes', comment: 'Mention supplier discounts too.' })).status, 202);
  piece = await pieceOf(id, (p) => p.status === 'in_review' && p.details.versions.length === 3);
  const v3 = piece.details.versions[2].formats.blog.markdown;
  assert.match(v3, /supplier discounts/i);
  assert.match(v3, /audit trails/i, 'earlier comments stay answered');

  // Two revisions is this stack's limit: the third review takes approve or reject only.
  task = await reviewTask(workflowId, 3);
  assert.deepEqual(task.decisions, ['approve', 'reject']);
  const more = await decide(task.id, { decision: 'request_changes', comment: 'One more thing.' });
  assert.equal(more.status, 400);
  assert.equal(more.data.code, 'decision_not_allowed');
  assert.equal((await decide(task.id, { decision: 'approve', comment: 'Good now' })).status, 202);
  const done = await pieceOf(id, (p) => p.status === 'published');
  assert.deepEqual(
    done.details.reviews.map((r: any) => r.decision),
    ['request_changes', 'request_changes', 'approve'],
  );

  const other = await submit({ title: 'A piece nobody wants' });
  await pieceOf(other.id, (p) => p.status === 'in_review');
  const t = await reviewTask(other.workflowId, 1);
  assert.equal((await decide(t.id, { decision: 'reject', comment: 'Off topic' })).status, 202);
  const rejected = await pieceOf(other.id, (p) => p.status === 'rejected');
  assert.match(rejected.reasonMessage, /Off topic/);
  assert.equal((await call('GET', `/api/content/${other.id}/published`, { token: 'dev-editor' })).data.items.length, 0);
});

test('published at a time in the near future; a publication cancelled before its time is never published', async () => {
  const soon = new Date(Date.now() + 4000).toISOString();
  const timed = await submit({ title: 'Published in a moment', publishAt: soon });
  await pieceOf(timed.id, (p) => p.status === 'in_review');
  assert.equal((await decide((await reviewTask(timed.workflowId, 1)).id, { decision: 'approve' })).status, 202);
  const scheduled = await pieceOf(timed.id, (p) => p.status === 'scheduled' || p.status === 'published');
  assert.equal(scheduled.details.publication.dueAt, soon);
  const published = await pieceOf(timed.id, (p) => p.status === 'published', 20_000);
  assert.ok(Date.parse(published.details.publication.publishedAt) >= Date.parse(soon), 'not before its time');

  const later = await submit({ title: 'Published next week', publishAt: new Date(Date.now() + 7 * 86_400_000).toISOString() });
  await pieceOf(later.id, (p) => p.status === 'in_review');
  assert.equal((await decide((await reviewTask(later.workflowId, 1)).id, { decision: 'approve' })).status, 202);
  await pieceOf(later.id, (p) => p.status === 'scheduled');
  assert.equal((await call('POST', `/api/content/${later.id}/cancel-publication`, { token: 'dev-sales', json: {} })).status, 403);
  const cancel = await call('POST', `/api/content/${later.id}/cancel-publication`, { token: 'dev-editor', json: { note: 'Embargo moved' } });
  assert.equal(cancel.status, 200, JSON.stringify(cancel.data));
  const cancelled = await pieceOf(later.id, (p) => p.status === 'cancelled');
  assert.equal(cancelled.details.publication.cancelled.by, 'dev-editor');
  assert.equal((await call('POST', `/api/content/${later.id}/cancel-publication`, { token: 'dev-editor', json: {} })).status, 409);
  assert.equal((await call('GET', `/api/content/${later.id}/published`, { token: 'dev-editor' })).data.items.length, 0);
});

test('the content calendar: a schedule starts a piece from its brief, which goes to review like any other', async () => {
  const id = `weekly-${Date.now().toString(36)}`;
  const input = {
    title: 'This week in finance automation',
    topic: 'What changed for finance teams this week.',
    audience: 'Finance teams',
    platforms: ['newsletter'],
  };
  const bad = await call('POST', '/api/schedules', {
    token: 'dev-admin',
    json: { id, process: 'content', spec: { cron: ['0 8 * * 1'] }, input: { ...input, platforms: ['fax'] } },
  });
  assert.equal(bad.status, 400);
  assert.match(bad.data.field, /^input\.platforms/);
  const created = await call('POST', '/api/schedules', { token: 'dev-admin', json: { id, process: 'content', spec: { cron: ['0 8 * * 1'] }, input } });
  assert.equal(created.status, 201, JSON.stringify(created.data));
  assert.equal((await call('POST', `/api/schedules/${id}/trigger`, { token: 'dev-admin', json: {} })).status, 202);
  let run: any;
  await eventually(async () => {
    const runs = await call('GET', '/api/runs?process=content&limit=200', { token: 'dev-admin' });
    run = runs.data.items.find((r: any) => r.workflowId.startsWith(`content-${id}`));
    assert.equal(run?.status, 'in_review', JSON.stringify(run));
  }, 30_000);
  const piece = await pieceOf(run.id, (p) => p.status === 'in_review');
  assert.equal(piece.submittedBy, `schedule:${id}`);
  assert.ok(piece.details.versions[0].formats.newsletter.subject.length <= 80);
  assert.equal((await call('DELETE', `/api/schedules/${id}`, { token: 'dev-admin' })).status, 204);
});

test('a repeated Idempotency-Key returns the first piece instead of starting a second', async () => {
  const headers = { 'Idempotency-Key': `brief-${Date.now()}` };
  const first = await call('POST', '/api/content', { token: 'dev-managing-editor', json: brief({ title: 'Said twice' }), headers });
  const second = await call('POST', '/api/content', { token: 'dev-managing-editor', json: brief({ title: 'Said twice' }), headers });
  assert.deepEqual([first.status, second.status], [202, 200]);
  assert.equal(second.data.id, first.data.id);
  assert.equal(second.data.created, false);
  const other = await call('POST', '/api/content', { token: 'dev-integration', json: brief({ title: 'Said twice' }), headers });
  assert.equal(other.status, 202, 'another caller’s key is their own');
  assert.notEqual(other.data.id, first.data.id);
});

test('a bad brief is refused with the field at fault', async () => {
  const r = await call('POST', '/api/content', { token: 'dev-managing-editor', json: brief({ platforms: ['blog', 'myspace'] }) });
  assert.equal(r.status, 400);
  assert.match(r.data.field, /^platforms/);
  assert.equal((await call('POST', '/api/content', { token: 'dev-sales', json: brief() })).status, 403);
});
