/**
 * Lead enrichment on the real dev server, through the HTTP API, with People Data Labs, Apollo and
 * Hunter as local HTTP servers speaking their APIs (404 no match, 429 with Retry-After, 401):
 * the waterfall and its provenance, dedup of concurrent submissions and cached look-ups, routing
 * by territory and round-robin, and the owner's outreach task sent as is, sent edited, discarded,
 * reminded and reassigned. The outreach email goes through the relay to a local SMTP server, once,
 * even when the worker sending it is killed mid-send.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { configuredChannels } from '../../activities/notifications/index.js';
import { startRelay, type Relay } from '../../activities/notifications/relay.js';
import { silentLogger } from '../../config/logger.js';
import { webhookSignature } from '../../api/webhook-auth.js';
import { apiClient } from '../helpers/api.js';
import { startFakeHttp, startFakeSmtp, type Answer, type FakeHttp, type FakeSmtp, type Received } from '../helpers/fake-channels.js';
import { spawnEntry } from '../helpers/processes.js';
import { eventually } from '../helpers/runs.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';
import { databaseEnv } from '../helpers/postgres.js';

const SECRET = 'lead-form-secret-0123456789';

let stack: TestStack;
let call: ReturnType<typeof apiClient>;
let pdl: FakeHttp;
let apollo: FakeHttp;
let hunter: FakeHttp;
let smtp: FakeSmtp;
let relay: Relay;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});

/** The email a provider request is about (query or JSON body). */
function emailOf(r: Received): string | undefined {
  const url = new URL(r.path, 'http://x');
  return (
    url.searchParams.get('email') ??
    url.searchParams.get('website') ??
    url.searchParams.get('domain') ??
    (r.body ? (JSON.parse(r.body) as { email?: string }).email : undefined)
  );
}
const requestsFor = (fake: FakeHttp, who: string) => fake.received.filter((r) => emailOf(r)?.includes(who));

/** People in Apollo: a match per email (others: no match). */
const APOLLO_PEOPLE: Record<string, unknown> = {};
function apolloPerson(
  email: string,
  p: { name: string; title: string; seniority: string; company: string; industry: string; employees: number; country: string },
) {
  APOLLO_PEOPLE[email] = {
    person: {
      name: p.name,
      title: p.title,
      seniority: p.seniority,
      departments: ['master_engineering_technical'],
      linkedin_url: `https://linkedin.com/in/${p.name.replace(/\s/g, '').toLowerCase()}`,
      organization: { name: p.company, primary_domain: email.split('@')[1], industry: p.industry, estimated_num_employees: p.employees, country: p.country },
    },
  };
}

/** PDL's scripted answers per email (default: 404 no match, as PDL answers). */
const PDL_ANSWERS: Record<string, (attempt: number) => Answer> = {};

before(async () => {
  pdl = await startFakeHttp((r) => {
    if (r.headers['x-api-key'] !== 'pdl-key') return json(401, { status: 401, error: { type: 'authentication_error', message: 'Invalid API key' } });
    const who = emailOf(r) ?? '';
    const script = Object.entries(PDL_ANSWERS).find(([k]) => who.includes(k))?.[1];
    if (script) return script(requestsFor(pdl, who).length);
    return json(404, { status: 404, error: { type: 'not_found', message: 'No records were found matching your request' } });
  });
  apollo = await startFakeHttp((r) => {
    if (r.headers['x-api-key'] !== 'apollo-key') return json(401, { error: 'Invalid access credentials.' });
    return json(200, APOLLO_PEOPLE[emailOf(r) ?? ''] ?? { person: null });
  });
  hunter = await startFakeHttp((r) => {
    const url = new URL(r.path, 'http://x');
    if (url.searchParams.get('api_key') !== 'hunter-key')
      return json(401, { errors: [{ id: 'authentication_failed', code: 401, details: 'No user found for the API key supplied' }] });
    if (url.pathname === '/v2/email-verifier')
      return json(200, { data: { status: 'valid', result: 'deliverable', score: 91, email: url.searchParams.get('email') } });
    return json(200, {
      data: { domain: url.searchParams.get('domain'), organization: 'Hunted Inc', industry: 'Software', headcount: '51-200', country: 'US' },
    });
  });
  smtp = await startFakeSmtp();
  stack = await startTestStack({
    api: true,
    env: {
      WEBHOOK_SECRET: SECRET,
      SMTP_URL: smtp.url,
      ENRICHMENT_PROVIDERS: 'pdl,apollo,hunter,directory,heuristics',
      PDL_API_KEY: 'pdl-key',
      PDL_BASE_URL: pdl.url,
      APOLLO_API_KEY: 'apollo-key',
      APOLLO_BASE_URL: apollo.url,
      HUNTER_API_KEY: 'hunter-key',
      HUNTER_BASE_URL: hunter.url,
      ENRICHMENT_RATE_LIMITS: 'pdl=50,apollo=50,hunter=50',
      LEADS_REMIND_AFTER: '1s',
      LEADS_REASSIGN_AFTER: '4s',
    },
  });
  call = apiClient(stack.api!.url);
  relay = startRelay({ db: stack.db, logger: silentLogger(), intervalMs: 200, maxAttempts: 3, channels: configuredChannels(stack.config.notifications) });
  assert.equal(
    (await call('POST', '/api/people', { token: 'dev-admin', json: { user: 'sven', name: 'Sven Berg', roles: ['sales'], channels: ['inbox'] } })).status,
    201,
  );
  const routing = await call('PUT', '/api/lead-routing', {
    token: 'dev-admin',
    json: { territories: [{ name: 'DACH', countries: ['DE', 'AT', 'CH'], owners: ['dev-sales', 'sven'] }] },
  });
  assert.equal(routing.status, 200, JSON.stringify(routing.data));
});

after(async () => {
  await relay?.stop();
  await stack?.stop();
  for (const fake of [pdl, apollo, hunter]) await fake?.close();
  await smtp?.close();
  await stopOwnTemporal();
});

let counter = 0;
const unique = (name: string) => `${name}${Date.now().toString(36)}${++counter}`;

/** A lead's state once `done` holds. */
async function leadOf(email: string, done: (l: any) => boolean, timeoutMs = 30_000): Promise<any> {
  let lead: any;
  await eventually(async () => {
    const r = await call('GET', `/api/leads/${encodeURIComponent(email)}`, { token: 'dev-sales-manager' });
    assert.equal(r.status, 200, JSON.stringify(r.data));
    lead = r.data;
    assert.ok(done(lead), `lead ${email}: ${lead.status} at ${lead.step}`);
  }, timeoutMs);
  return lead;
}

const submit = (lead: object, token = 'dev-sales', headers: Record<string, string> = {}) => call('POST', '/api/leads', { token, json: lead, headers });

test('the waterfall: PDL finds nobody, Apollo matches; each value keeps its provider; Hunter is not asked once the required fields are found', async () => {
  const email = `${unique('jane')}@acme-robotics.io`;
  apolloPerson(email, {
    name: 'Jane Doe',
    title: 'VP Engineering',
    seniority: 'vp',
    company: 'Acme Robotics',
    industry: 'Software',
    employees: 300,
    country: 'US',
  });
  const submitted = await submit({ email: email.toUpperCase(), source: 'trade_show' });
  assert.equal(submitted.status, 202, JSON.stringify(submitted.data));
  assert.equal(submitted.data.id, email, 'the email is normalised');
  assert.equal(submitted.data.workflowId, `lead-${email}`);
  const lead = await leadOf(email, (l) => l.details.score !== null);
  const e = lead.details.enrichment;
  assert.equal(e.company.value, 'Acme Robotics');
  assert.equal(e.company.provider, 'apollo');
  assert.equal(e.title.provider, 'apollo');
  assert.ok(Date.parse(e.industry.at) > 0, 'each value says when it was found');
  assert.deepEqual(
    lead.details.attempts.map((a: any) => [a.provider, a.outcome]),
    [
      ['pdl', 'no_match'],
      ['apollo', 'matched'],
    ],
  );
  assert.equal(requestsFor(pdl, email).length, 1, 'PDL: one person look-up (a 404 is an answer, not retried)');
  assert.equal(requestsFor(hunter, email).length, 0, 'Hunter is not asked: nothing required was missing');
  assert.deepEqual(lead.details.missing, []);
});

test('a 429 with Retry-After is waited out and the look-up retried; a refused key skips that provider without a retry', async () => {
  const bob = `${unique('bob')}@northwind-logistics.com`;
  PDL_ANSWERS[bob] = (attempt) =>
    attempt === 1
      ? json(429, { status: 429, error: { type: 'rate_limit_error', message: 'Rate limit exceeded' } }, { 'retry-after': '1' })
      : json(200, {
          status: 200,
          likelihood: 9,
          data: {
            full_name: 'bob stone',
            job_title: 'head of operations',
            job_title_levels: ['vp'],
            job_title_role: 'operations',
            job_company_name: 'Northwind Logistics',
            job_company_industry: 'logistics and supply chain',
            job_company_size: '201-500',
            job_company_location_country: 'united states',
          },
        });
  await submit({ email: bob, source: 'web_form', message: 'Can we get pricing?' });
  const lead = await leadOf(bob, (l) => l.details.score !== null);
  const calls = requestsFor(pdl, bob);
  assert.equal(calls.length, 2);
  assert.equal(lead.details.enrichment.company.provider, 'pdl');
  assert.equal(lead.details.enrichment.country.value, 'US', 'a country name becomes its code');
  assert.equal(lead.details.enrichment.employees.value, 351);

  const carol = `${unique('carol')}@example-bank.com`;
  PDL_ANSWERS[carol] = () => json(401, { status: 401, error: { type: 'authentication_error', message: 'Invalid API key' } });
  apolloPerson(carol, {
    name: 'Carol King',
    title: 'CFO',
    seniority: 'c_suite',
    company: 'Example Bank',
    industry: 'Financial Services',
    employees: 1200,
    country: 'GB',
  });
  await submit({ email: carol });
  const skipped = await leadOf(carol, (l) => l.details.score !== null);
  assert.equal(requestsFor(pdl, carol).length, 1, 'a refused key is not retried');
  assert.deepEqual(
    skipped.details.attempts.map((a: any) => [a.provider, a.outcome]),
    [
      ['pdl', 'skipped_unauthorized'],
      ['apollo', 'matched'],
    ],
  );
  assert.equal(skipped.details.enrichment.seniority.value, 'c_level');
  const usage = await call('GET', '/api/enrichment/usage', { token: 'dev-sales-manager' });
  const pdlUsage = usage.data.providers.find((p: any) => p.provider === 'pdl');
  assert.ok(pdlUsage.calls >= 4 && pdlUsage.errors >= 2 && pdlUsage.matches >= 1, JSON.stringify(pdlUsage));
});

test('twenty submissions of one person at once make one run and one call per provider; a list of the same people later makes none', async () => {
  const email = `${unique('dave')}@globex-software.com`;
  // People who are archived (a weak fit): their runs end, so a later list starts new runs for them.
  apolloPerson(email, {
    name: 'Dave Smith',
    title: 'Engineer',
    seniority: 'entry',
    company: 'Globex Retail',
    industry: 'Retail',
    employees: 20000,
    country: 'US',
  });
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => submit({ email: i % 2 ? email.toUpperCase() : ` ${email} `, source: 'web_form' })));
  assert.ok(
    answers.every((a) => a.status === 202),
    JSON.stringify(answers.map((a) => a.status)),
  );
  assert.equal(new Set(answers.map((a) => a.data.workflowId)).size, 1);
  const lead = await leadOf(email, (l) => l.details.score !== null && l.details.submissionCount === 20);
  assert.equal(lead.details.submissionCount, 20, 'every submission joined the one run');
  assert.equal(requestsFor(pdl, email).length, 1);
  assert.equal(requestsFor(apollo, email).length, 1);

  // Later, a list with the same people: every look-up is answered from the stored results.
  const before = pdl.received.length + apollo.received.length + hunter.received.length;
  const jane = `${unique('jane')}@acme-robotics.io`;
  apolloPerson(jane, { name: 'Jane Roe', title: 'Analyst', seniority: 'entry', company: 'Acme Retail', industry: 'Retail', employees: 30000, country: 'BR' });
  await submit({ email: jane });
  await leadOf(jane, (l) => l.status === 'archived');
  const archived = await leadOf(email, (l) => l.details.score !== null);
  assert.equal(archived.details.score.route, 'archive', archived.details.score.explanation);
  await leadOf(email, (l) => l.status === 'archived');
  const afterFirst = pdl.received.length + apollo.received.length + hunter.received.length;
  const list = await call('POST', '/api/lead-lists', { token: 'dev-sales', body: `email,source\n${email},list\n${jane},list\n`, type: 'text/csv' });
  assert.equal(list.status, 202, JSON.stringify(list.data));
  await eventually(async () => {
    const progress = await call('GET', `/api/lead-lists/${list.data.id}`, { token: 'dev-sales' });
    assert.equal(progress.data.status, 'completed', JSON.stringify(progress.data));
    assert.equal(progress.data.counts.archived, 2, JSON.stringify(progress.data.counts));
  }, 30_000);
  assert.ok(afterFirst > before);
  assert.equal(pdl.received.length + apollo.received.length + hunter.received.length, afterFirst, 'no provider was called for people looked up within the TTL');
  const usage = await call('GET', '/api/enrichment/usage', { token: 'dev-sales-manager' });
  assert.ok(usage.data.providers.find((p: any) => p.provider === 'apollo').cacheHits >= 2);
});

test('an A lead goes to its territory’s salesperson with a draft; sent as is, the email goes out once', async () => {
  const email = `${unique('mia')}@kraftwerk-saas.de`;
  apolloPerson(email, { name: 'Mia Wolf', title: 'CTO', seniority: 'c_suite', company: 'Kraftwerk SaaS', industry: 'Software', employees: 450, country: 'DE' });
  await submit({ email, source: 'demo_request', message: 'We would like a demo next week.' });
  const lead = await leadOf(email, (l) => l.status === 'awaiting_outreach');
  assert.equal(lead.details.score.grade, 'A1', lead.details.score.explanation);
  assert.equal(lead.details.owner, 'dev-sales');
  assert.equal(lead.details.assignments[0].why, 'territory');
  assert.match(lead.details.outreach.draft.body, /Hi Mia/);
  let task: any;
  await eventually(async () => {
    const inbox = await call('GET', '/api/tasks?status=pending&process=lead', { token: 'dev-sales' });
    task = inbox.data.items.find((t: any) => t.workflowId === lead.workflowId);
    assert.ok(task, 'the owner sees the task');
  }, 15_000);
  assert.equal(task.kind, 'edit');
  assert.deepEqual(task.decisions, ['accept', 'discard']);
  const other = await call('GET', '/api/tasks?status=pending&process=lead', { token: 'dev-oncall' });
  assert.ok(!other.data.items.some((t: any) => t.id === task.id), 'nobody outside sales sees it');
  const decided = await call('POST', `/api/tasks/${task.id}/decision`, { token: 'dev-sales', json: { decision: 'accept' } });
  assert.equal(decided.status, 202, JSON.stringify(decided.data));
  const done = await leadOf(email, (l) => l.status === 'contacted');
  assert.equal(done.details.outreach.sent.edited, false);
  await eventually(async () => assert.equal(smtp.mails.filter((m) => m.to.includes(email)).length, 1), 10_000);
  assert.match(smtp.mails.find((m) => m.to.includes(email))!.data, /Kraftwerk SaaS/);
  const crm = await call('GET', '/api/leads?owner=dev-sales&grade=A1', { token: 'dev-sales' });
  assert.ok(crm.data.items.some((l: any) => l.id === email && l.status === 'contacted'));
});

test('nobody acts: the owner is reminded, then the lead passes to the next salesperson, who sends an edited draft; another is discarded', async () => {
  const email = `${unique('otto')}@bergbau-fintech.de`;
  apolloPerson(email, {
    name: 'Otto Berg',
    title: 'Director of Finance',
    seniority: 'director',
    company: 'Bergbau Fintech',
    industry: 'Fintech',
    employees: 900,
    country: 'AT',
  });
  await submit({ email, source: 'demo_request', message: 'Pricing please' });
  // Sven owns it first (the territory's next turn); whenever the test looks, the history says so.
  const reassigned = await leadOf(
    email,
    (l) => l.details.assignments.length === 2 && l.tasks.some((t: any) => t.status === 'pending' && t.assignee === 'dev-sales'),
    30_000,
  );
  assert.deepEqual(
    reassigned.details.assignments.map((a: any) => [a.owner, a.why]),
    [
      ['sven', 'territory'],
      ['dev-sales', 'reassigned'],
    ],
  );
  const tasks = reassigned.tasks.map((t: any) => [t.assignee, t.status, Boolean(t.remindedAt)]);
  assert.deepEqual(tasks[0], ['sven', 'expired', true], 'sven was reminded, then the task expired');
  const pending = reassigned.tasks.find((t: any) => t.status === 'pending');
  const edits = { subject: 'Your fintech rollout', body: 'Hi Otto,\n\nA short call about your rollout?\n\nBest, Dev' };
  assert.equal(
    (await call('POST', `/api/tasks/${pending.taskId}/decision`, { token: 'dev-oncall', json: { decision: 'accept', edits } })).status,
    403,
    'someone outside sales may not send it',
  );
  assert.equal((await call('POST', `/api/tasks/${pending.taskId}/decision`, { token: 'dev-sales', json: { decision: 'accept', edits } })).status, 202);
  const sent = await leadOf(email, (l) => l.status === 'contacted');
  assert.equal(sent.details.outreach.sent.edited, true);
  await eventually(async () => assert.match(smtp.mails.find((m) => m.to.includes(email))?.data ?? '', /Your fintech rollout/), 10_000);

  const third = `${unique('ute')}@alpen-software.ch`;
  apolloPerson(third, {
    name: 'Ute Alp',
    title: 'VP Product',
    seniority: 'vp',
    company: 'Alpen Software',
    industry: 'Software',
    employees: 120,
    country: 'CH',
  });
  await submit({ email: third, source: 'web_form', message: 'Interested in a trial' });
  const waiting = await leadOf(third, (l) => l.tasks.some((t: any) => t.status === 'pending'));
  const task = waiting.tasks.find((t: any) => t.status === 'pending');
  assert.equal(
    (await call('POST', `/api/tasks/${task.taskId}/decision`, { token: 'dev-admin', json: { decision: 'discard', comment: 'Existing customer' } })).status,
    202,
  );
  const discarded = await leadOf(third, (l) => l.status === 'discarded');
  assert.equal(discarded.details.outreach.discarded.comment, 'Existing customer');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(smtp.mails.filter((m) => m.to.includes(third)).length, 0, 'a discarded outreach sends nothing');
});

test('the signed web-form webhook takes a lead; a bad signature or a bad lead is refused', async () => {
  const email = `${unique('web')}@gmail.com`;
  const body = JSON.stringify({ email, name: 'Pat Private', message: 'hello' });
  const ts = String(Math.floor(Date.now() / 1000));
  const ok = await call('POST', '/api/webhooks/leads', {
    body,
    type: 'application/json',
    headers: { 'X-Timestamp': ts, 'X-Signature': webhookSignature(SECRET, ts, body) },
  });
  assert.equal(ok.status, 202, JSON.stringify(ok.data));
  const bad = await call('POST', '/api/webhooks/leads', {
    body,
    type: 'application/json',
    headers: { 'X-Timestamp': ts, 'X-Signature': webhookSignature('wrong-secret-0123456789', ts, body) },
  });
  assert.equal(bad.status, 401);
  const notLead = await call('POST', '/api/leads', { token: 'dev-sales', json: { email: 'not-an-email' } });
  assert.equal(notLead.status, 400);
  assert.equal(notLead.data.field, 'email');
  assert.equal((await call('POST', '/api/leads', { token: 'dev-oncall', json: { email } })).status, 403);
  const lead = await leadOf(email, (l) => l.details.score !== null);
  assert.equal(lead.details.lead.personal, true);
  assert.ok(lead.details.score.flags.includes('personal_email'));
  assert.equal(
    lead.details.attempts.some((a: any) => a.provider === 'hunter' && a.asked.includes('company')),
    false,
    'no company look-up for a free-mail domain',
  );
});

test('a salesperson sees the leads they own or sent and the lists they sent; a sales manager sees everyone’s', async () => {
  const email = `${unique('cleo')}@gmail.com`;
  assert.equal((await submit({ email, source: 'list' }, 'dev-sales-manager')).status, 202);
  const lead = await leadOf(email, (l) => l.details.score !== null && l.status !== 'scoring');
  assert.equal(lead.details.owner, null, 'a personal address from a list is no sales lead');
  const hidden = await call('GET', `/api/leads/${encodeURIComponent(email)}`, { token: 'dev-sales' });
  assert.equal(hidden.status, 404, 'not hers: not found, as if it did not exist');
  const mine = await call('GET', '/api/leads?limit=100', { token: 'dev-sales' });
  assert.ok(mine.data.items.length > 0, 'she owns leads of the earlier tests');
  assert.ok(
    mine.data.items.every((l: any) => l.owner === 'dev-sales'),
    mine.data.items.map((l: any) => l.owner),
  );
  assert.equal((await call('GET', '/api/leads?owner=sven', { token: 'dev-sales' })).status, 403);
  const everyone = await call('GET', '/api/leads?limit=100', { token: 'dev-sales-manager' });
  assert.ok(everyone.data.items.some((l: any) => l.id === email));
  assert.ok(everyone.data.total > mine.data.total);

  const list = await call('POST', '/api/lead-lists', { token: 'dev-sales-manager', body: `email\n${unique('row')}@example.org\n`, type: 'text/csv' });
  assert.equal(list.status, 202, JSON.stringify(list.data));
  assert.equal((await call('GET', `/api/lead-lists/${list.data.id}`, { token: 'dev-sales' })).status, 404);
  assert.equal((await call('GET', `/api/lead-lists/${list.data.id}`, { token: 'dev-sales-manager' })).status, 200);
  const csv = await fetch(`${stack.api!.url}${list.data.links.results}`, { headers: { authorization: 'Bearer dev-sales' } });
  assert.equal(csv.status, 404);
});

test('the outreach email reaches the lead once even when the worker is killed mid-send', async () => {
  // From here on the relay is a worker process of its own, which is killed while sending.
  await relay.stop();
  const email = `${unique('kai')}@kiel-software.de`;
  apolloPerson(email, { name: 'Kai Kiel', title: 'CTO', seniority: 'c_suite', company: 'Kiel Software', industry: 'Software', employees: 300, country: 'DE' });
  await submit({ email, source: 'demo_request', message: 'A demo, please.' });
  const waiting = await leadOf(email, (l) => l.tasks.some((t: any) => t.status === 'pending'));
  smtp.hold = (to) => to === email;
  const relayWorker = () =>
    spawnEntry('workers/main.ts', {
      INVOICE_TASK_QUEUE: `relay-only-${unique('q')}`,
      ...databaseEnv(stack.config.database),
      SMTP_URL: smtp.url,
      RELAY_INTERVAL: '100ms',
      DELIVERY_LEASE: '2s',
    });
  const first = await relayWorker();
  let second: Awaited<ReturnType<typeof relayWorker>> | undefined;
  try {
    const task = waiting.tasks.find((t: any) => t.status === 'pending');
    assert.equal((await call('POST', `/api/tasks/${task.taskId}/decision`, { token: 'dev-admin', json: { decision: 'accept' } })).status, 202);
    await eventually(async () => assert.equal(smtp.held.filter((m) => m.to.includes(email)).length, 1, 'the email is on the wire'), 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    smtp.hold = () => false;
    second = await relayWorker();
    await eventually(async () => assert.equal(smtp.mails.filter((m) => m.to.includes(email)).length, 1), 60_000);
    const done = await leadOf(email, (l) => l.status === 'contacted');
    assert.ok(done.details.outreach.sent.notificationKey);
    await new Promise((r) => setTimeout(r, 2500)); // past another lease: nothing more goes out
    assert.equal(smtp.mails.filter((m) => m.to.includes(email)).length, 1, 'the lead gets the email once');
    assert.equal(smtp.abandoned.filter((m) => m.to.includes(email)).length, 1, 'the cut-off attempt was never taken');
  } finally {
    smtp.hold = () => false;
    for (const child of [first, second]) if (child && child.exitCode === null) child.kill('SIGKILL');
  }
});
