/**
 * The alert chain on the real dev server, through the HTTP API: ingest (Alertmanager and generic
 * events), dedup, triage, routing and escalation with short timers, acknowledgement by API and by
 * the link in a page, the acknowledgement timeout, resolution, and the webhook signature. Pages go
 * through the relay to local Slack, Twilio and SMTP servers.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { configuredChannels } from '../../activities/notifications/index.js';
import { startRelay, type Relay } from '../../activities/notifications/relay.js';
import { signTaskLink } from '../../activities/human-tasks/links.js';
import { silentLogger } from '../../config/logger.js';
import { listDeliveries } from '../../db/deliveries.js';
import { webhookSignature } from '../../api/webhook-auth.js';
import { apiClient, type CallResult } from '../helpers/api.js';
import { slack, startFakeHttp, startFakeSmtp, twilio, type FakeHttp, type FakeSmtp } from '../helpers/fake-channels.js';
import { eventually } from '../helpers/runs.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

const SECRET = 'test-webhook-secret-0123456789';
const GRAFANA_SECRET = 'grafana-only-secret-9876543210';

let stack: TestStack;
let call: ReturnType<typeof apiClient>;
let base: string;
let slackServer: FakeHttp;
let twilioServer: FakeHttp;
let smtp: FakeSmtp;
let relay: Relay;

/** Short escalation: oncall by Slack + SMS for 2 s, then the lead by SMS + email for 2 s, one repeat. */
const TEST_ROUTES = {
  routes: [
    {
      name: 'critical',
      match: { severities: ['critical'] },
      policy: {
        levels: [
          { roles: ['oncall'], channels: ['slack', 'sms'], waitSeconds: 2 },
          { roles: ['oncall_lead'], channels: ['sms', 'email'], waitSeconds: 2 },
        ],
        repeat: 1,
      },
    },
    { name: 'rest', match: {}, policy: { levels: [{ roles: ['oncall'], channels: ['slack'], waitSeconds: 3600 }], repeat: 0 } },
  ],
  noise: { patterns: [{ name: 'nightly backup chatter', contains: 'backup job still running' }], flapping: { count: 3, windowMinutes: 60 } },
};

before(async () => {
  slackServer = await startFakeHttp(() => slack.ok());
  twilioServer = await startFakeHttp(() => twilio.created());
  smtp = await startFakeSmtp();
  stack = await startTestStack({
    api: true,
    env: {
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_SECRETS: `grafana=${GRAFANA_SECRET}`,
      ALERT_PAUSE_FOR: '1s',
      ALERT_ACK_TIMEOUT: '1h',
      ALERT_EVENTS_PER_RUN: '20',
      SMTP_URL: smtp.url,
      TWILIO_ACCOUNT_SID: 'AC123',
      TWILIO_AUTH_TOKEN: 'secret',
      TWILIO_FROM: '+15550000000',
      TWILIO_BASE_URL: twilioServer.url,
    },
  });
  base = stack.api!.url;
  call = apiClient(base);
  relay = startRelay({ db: stack.db, logger: silentLogger(), intervalMs: 200, maxAttempts: 3, channels: configuredChannels(stack.config.notifications) });
  const person = (user: string, roles: string[], extra: object) =>
    call('POST', '/api/people', { token: 'dev-admin', json: { user, name: user, roles, ...extra } });
  assert.equal(
    (await person('olga', ['oncall'], { phone: '+4915111111111', slackWebhookUrl: `${slackServer.url}/services/T1/B1/olga`, channels: ['inbox', 'slack'] }))
      .status,
    201,
  );
  assert.equal((await person('lena', ['oncall_lead'], { phone: '+4915122222222', email: 'lena@example.com', channels: ['inbox'] })).status, 201);
  assert.equal((await person('sam', ['sales'], { channels: ['inbox'] })).status, 201);
  assert.equal((await call('PUT', '/api/alert-routes', { token: 'dev-admin', json: TEST_ROUTES })).status, 200);
});

after(async () => {
  await relay?.stop();
  await stack?.stop();
  await slackServer?.close();
  await twilioServer?.close();
  await smtp?.close();
  await stopOwnTemporal();
});

let counter = 0;
const unique = (name: string) => `${name}-${Date.now().toString(36)}-${++counter}`;

function event(dedupKey: string, extra: Record<string, unknown> = {}) {
  return { source: 'test-monitor', summary: `Checkout latency high (${dedupKey})`, severity: 'warning', dedupKey, action: 'trigger', ...extra };
}

const send = (json: unknown, token = 'dev-integration') => call('POST', '/api/events', { token, json });

/** The incident of a source + key (the newest, when it fired more than once). */
async function incidentOf(dedupKey: string, predicate: (a: any) => boolean = () => true, timeoutMs = 20_000): Promise<any> {
  let found: any;
  await eventually(async () => {
    const list = await call('GET', '/api/alerts?limit=200', { token: 'dev-oncall' });
    const summary = list.data.items.find((a: any) => a.dedupKey === dedupKey);
    assert.ok(summary, `no incident for ${dedupKey} yet`);
    const detail = await call('GET', `/api/alerts/${encodeURIComponent(summary.id)}`, { token: 'dev-oncall' });
    assert.equal(detail.status, 200);
    assert.ok(
      predicate(detail.data),
      `incident ${dedupKey}: ${detail.data.status}/${detail.data.step}, ${detail.data.details?.occurrences} occurrences, ${detail.data.details?.continuedRuns} runs continued, read from ${detail.data.readFrom}`,
    );
    found = detail.data;
  }, timeoutMs);
  return found;
}

test('an Alertmanager webhook with three alerts opens three incidents, with topics and severities from triage', async () => {
  const group = unique('grp');
  const alert = (name: string, severity: string, summary: string) => ({
    status: 'firing',
    labels: { alertname: name, severity, instance: 'db-1:9100' },
    annotations: { summary },
    startsAt: new Date().toISOString(),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.local/graph?g0.expr=up',
    fingerprint: `${group}-${name}`,
  });
  const payload = {
    version: '4',
    groupKey: `{}:{alertname=~".*"}/${group}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'on-call',
    groupLabels: {},
    commonLabels: { cluster: 'eu-1' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.local',
    alerts: [
      alert('PostgresReplicationLag', 'warning', 'Postgres replica lag above 30 s'),
      alert('DiskAlmostFull', 'warning', 'Disk 95% full on /var'),
      alert('PaymentsErrors', 'high', 'Payment provider errors above 5%'),
    ],
  };
  const res = await call('POST', '/api/webhooks/alertmanager', { token: 'dev-integration', json: payload });
  assert.equal(res.status, 202);
  assert.equal(res.data.accepted, 3);
  const topics = await Promise.all(
    payload.alerts.map(async (a) => (await incidentOf(a.fingerprint, (d) => d.details.topic !== null && d.status === 'open')).details.topic),
  );
  assert.deepEqual(topics, ['database', 'capacity', 'payments']);
  const payments = await incidentOf(`${group}-PaymentsErrors`);
  assert.equal(payments.details.severity, 'high');
  assert.equal(payments.details.labels.cluster, 'eu-1', 'common labels join each alert');
  assert.equal(payments.submittedBy, 'dev-integration');
});

test('webhooks refuse what they cannot take: no credentials 401, a person without the integration role 403, a malformed payload 400', async () => {
  assert.equal((await call('POST', '/api/events', { json: event(unique('x')) })).status, 401);
  assert.equal((await send(event(unique('x')), 'dev-clerk')).status, 403);
  const bad = await send({ source: 'test-monitor', action: 'trigger' });
  assert.equal(bad.status, 400);
  assert.equal(bad.data.field, 'summary');
  const wrong = await call('POST', '/api/webhooks/alertmanager', { token: 'dev-integration', json: { version: '3', alerts: [] } });
  assert.equal(wrong.status, 400);
  const notJson = await call('POST', '/api/events', { token: 'dev-integration', body: '{not json', type: 'application/json' });
  assert.equal(notJson.status, 400);
  assert.equal(notJson.data.code, 'malformed_json');
});

test('50 concurrent repeats of one alert are one incident with 50 occurrences; many events continue as new without losing count', async () => {
  const key = unique('burst');
  const burst = async (n: number) => {
    const answers = await Promise.all(Array.from({ length: n }, () => send(event(key))));
    assert.deepEqual(
      answers.map((a) => a.status),
      Array.from({ length: n }, () => 202),
    );
  };
  await burst(50);
  const first = await incidentOf(key, (d) => d.details.occurrences === 50 && d.details.continuedRuns >= 1);
  // The next wave goes to the continued run (the first run is the incident's id).
  await eventually(async () => {
    const current = await stack.client.workflow.getHandle(first.workflowId).describe();
    assert.notEqual(current.runId, first.id);
    assert.equal(current.status.name, 'RUNNING');
  });
  const list = await call('GET', '/api/alerts?limit=200', { token: 'dev-oncall' });
  assert.equal(list.data.items.filter((a: any) => a.dedupKey === key).length, 1, 'one incident');
  await burst(25);
  const later = await incidentOf(key, (d) => d.details.occurrences === 75 && d.details.continuedRuns >= 2);
  assert.ok(!later.timeline.some((t: any) => t.step === 'page' && /processing_error/.test(t.message)), 'continuing is not a failure');
  assert.equal(later.id, first.id, 'the same incident across runs (ALERT_EVENTS_PER_RUN=20)');
  assert.ok(later.details.events.length <= 20, 'the status keeps the latest events only');
  assert.equal(later.tasks.filter((t: any) => t.status === 'pending').length, 1, 'the open page carried over, not opened twice');
  await call('POST', `/api/alerts/${later.id}/resolve`, { token: 'dev-oncall', json: {} });
});

/** Wait until an incident's workflow has closed. */
async function closed(workflowId: string): Promise<void> {
  await stack.client.workflow.getHandle(workflowId).result();
}

test('a resolve event resolves the incident; the same alert firing again opens a new one', async () => {
  const key = unique('resolve');
  await send(event(key));
  const first = await incidentOf(key, (d) => d.details.occurrences === 1);
  assert.equal((await send({ source: 'test-monitor', dedupKey: key, action: 'resolve' })).status, 202);
  const resolved = await incidentOf(key, (d) => d.status === 'resolved');
  assert.equal(resolved.id, first.id);
  assert.equal(resolved.details.resolution.via, 'event');
  await closed(resolved.workflowId);
  const again = await send({ source: 'test-monitor', dedupKey: key, action: 'resolve' });
  assert.equal(again.data.ignored, 1, 'a resolve without an open incident is ignored, saying so');
  await send(event(key));
  const second = await incidentOf(key, (d) => d.id !== first.id);
  assert.equal(second.status === 'open' || second.status === 'resolved', true);
  assert.notEqual(second.id, first.id);
});

test('test alerts, known noise and flapping are suppressed with reasons; a critical test alert is still paged; an admin lifts a suppression', async () => {
  const testAlert = unique('testalert');
  await send(event(testAlert, { summary: '[TEST] please ignore', labels: { alertname: 'TestAlert' } }));
  const suppressed = await incidentOf(testAlert, (d) => d.status === 'suppressed');
  assert.match(suppressed.details.triage.reason, /test/i);
  assert.match(suppressed.reasonMessage ?? suppressed.timeline.at(-1).message, /test|Suppressed/i);

  const noise = unique('noise');
  await send(event(noise, { summary: 'backup job still running on nas-2' }));
  const noisy = await incidentOf(noise, (d) => d.status === 'suppressed');
  assert.match(noisy.details.triage.reason, /nightly backup chatter/);

  const critical = unique('crit-test');
  await send(event(critical, { summary: '[TEST] critical drill', severity: 'critical', labels: { alertname: 'TestAlert' } }));
  const paged = await incidentOf(critical, (d) => d.details.pages.length > 0);
  assert.equal(paged.details.triage.noise, false);
  assert.equal(paged.details.triage.proposed.noise, true, 'triage proposed noise; the rule for critical alerts overruled it');
  await call('POST', `/api/alerts/${paged.id}/resolve`, { token: 'dev-oncall', json: {} });

  const flap = unique('flap');
  for (let i = 0; i < 2; i++) {
    await send(event(flap));
    await incidentOf(flap, (d) => d.status === 'open' && d.step !== 'done');
    await send({ source: 'test-monitor', dedupKey: flap, action: 'resolve' });
    await closed((await incidentOf(flap, (d) => d.status === 'resolved')).workflowId);
    const list = await call('GET', '/api/alerts?limit=200', { token: 'dev-oncall' });
    assert.equal(list.data.items.filter((a: any) => a.dedupKey === flap).length, i + 1);
  }
  await send(event(flap));
  const flapping = await incidentOf(flap, (d) => d.status === 'suppressed');
  assert.match(flapping.details.triage.reason, /Flapping: 3 incidents/);

  const list = await call('GET', '/api/alerts?status=suppressed&limit=200', { token: 'dev-oncall' });
  assert.ok(
    list.data.items.some((a: any) => a.id === flapping.id),
    'suppressed incidents are listed',
  );
  assert.equal((await call('POST', `/api/alerts/${flapping.id}/unsuppress`, { token: 'dev-oncall', json: {} })).status, 403);
  assert.equal((await call('POST', `/api/alerts/${flapping.id}/unsuppress`, { token: 'dev-admin', json: { note: 'real this time' } })).status, 202);
  const lifted = await incidentOf(flap, (d) => d.id === flapping.id && d.details.pages.length > 0);
  assert.equal(lifted.details.suppression.liftedBy, 'dev-admin');
  assert.equal((await call('POST', `/api/alerts/${flapping.id}/unsuppress`, { token: 'dev-admin', json: {} })).status, 409);
});

test('a critical alert escalates through both levels and repeats; acknowledging stops it; resolving tells everyone paged', async () => {
  const key = unique('escalate');
  await send(event(key, { severity: 'critical', summary: 'Primary database down' }));
  const paged = await incidentOf(key, (d) => d.details.pages.length === 4, 30_000);
  assert.deepEqual(
    paged.details.pages.map((p: any) => `${p.round}:${p.level}`),
    ['0:0', '0:1', '1:0', '1:1'],
  );
  assert.ok(paged.details.pages[0].users.includes('olga'));
  assert.ok(paged.details.pages[1].users.includes('lena'));
  assert.equal(paged.tasks[0].role, 'oncall_lead', 'the task is with the level paged last');
  // Pages went out on the level's channels where the person has an address.
  await eventually(async () => {
    assert.ok(slackServer.received.some((r) => r.path.endsWith('/olga') && r.body.includes('Primary database down')));
    assert.ok(
      twilioServer.received.some((r) => decodeURIComponent(r.body).includes('+4915122222222')),
      'the lead was texted',
    );
    assert.ok(
      smtp.mails.some((m) => m.to.includes('lena@example.com')),
      'the lead was mailed at level 2',
    );
  });

  // Someone who was never paged may not acknowledge.
  assert.equal((await call('POST', `/api/alerts/${paged.id}/acknowledge`, { token: 'dev-clerk', json: {} })).status, 403);
  const ack = await call('POST', `/api/alerts/${paged.id}/acknowledge`, { token: 'dev-oncall-lead', json: { note: 'on it' } });
  assert.equal(ack.status, 202);
  const second = await call('POST', `/api/alerts/${paged.id}/acknowledge`, { token: 'dev-oncall', json: {} });
  assert.equal(second.status, 409, 'one acknowledgement per page');
  const acked = await incidentOf(key, (d) => d.status === 'acknowledged');
  assert.equal(acked.details.acknowledgement.by, 'dev-oncall-lead');

  const resolve = await call('POST', `/api/alerts/${paged.id}/resolve`, { token: 'dev-oncall', json: { note: 'failover done' } });
  assert.equal(resolve.status, 202);
  assert.equal((await call('POST', `/api/alerts/${paged.id}/resolve`, { token: 'dev-oncall', json: {} })).status, 409);
  const done = await incidentOf(key, (d) => d.status === 'resolved');
  assert.equal(done.details.resolution.by, 'dev-oncall');
  await eventually(async () => {
    const told = await listDeliveries(stack.db, { workflowId: done.workflowId, limit: 200, offset: 0 });
    const resolvedTo = new Set(told.items.filter((d) => d.notificationId && d.recipient).map((d) => d.recipient));
    assert.ok(resolvedTo.has('olga') && resolvedTo.has('lena'));
    assert.ok(
      slackServer.received.some((r) => r.path.endsWith('/olga') && r.body.includes('Resolved')),
      'olga heard it resolved where she was paged',
    );
  });
});

function linkFrom(body: string): string {
  const match = /\/ack\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(body);
  assert.ok(match, `no acknowledge link in: ${body.slice(0, 300)}`);
  return `/ack/${match[1]}`;
}

test('the acknowledge link: GET only asks, POST acknowledges; forged and expired links are refused', async () => {
  const key = unique('link');
  await send(event(key, { summary: 'Link test: queue backlog growing' }));
  const incident = await incidentOf(key, (d) => d.details.pages.length === 1);
  let link = '';
  await eventually(async () => {
    const page = slackServer.received.find((r) => r.path.endsWith('/olga') && r.body.includes('Link test'));
    const sent = await listDeliveries(stack.db, { workflowId: incident.workflowId, limit: 50, offset: 0 });
    assert.ok(page, `no Slack page for olga yet: ${JSON.stringify(sent.items.map((d) => [d.recipient, d.channel, d.status, d.lastError]))}`);
    link = linkFrom(JSON.parse(page.body).text as string);
  }, 30_000);

  const preview = await fetch(`${base}${link}`);
  assert.equal(preview.status, 200);
  assert.match(await preview.text(), /<form method="post">/);
  const stillOpen = await incidentOf(key);
  assert.equal(stillOpen.status, 'open', 'a GET (a link preview, a mail scanner) does not acknowledge');

  const forged = link.replace(/\.[A-Za-z0-9_-]+$/, '.AAAA' + 'A'.repeat(39));
  assert.equal((await fetch(`${base}${forged}`, { method: 'POST' })).status, 403);
  const expiredToken = signTaskLink(stack.config.decisionSigningKey, {
    workflowId: incident.workflowId,
    taskId: incident.tasks[0].taskId,
    user: 'olga',
    expiresAt: Date.now() - 1000,
  });
  assert.equal((await fetch(`${base}/ack/${expiredToken}`, { method: 'POST' })).status, 410);

  const post = await fetch(`${base}${link}`, { method: 'POST' });
  assert.equal(post.status, 200);
  assert.match(await post.text(), /Acknowledged by <strong>olga/);
  const acked = await incidentOf(key, (d) => d.status === 'acknowledged');
  assert.equal(acked.details.acknowledgement.by, 'olga');
  const again = await fetch(`${base}${link}`, { method: 'POST' });
  assert.equal(again.status, 409);
  await call('POST', `/api/alerts/${incident.id}/resolve`, { token: 'dev-oncall', json: {} });
});

test('the acknowledgement is a human task with its guarantees: only who was paged acts, once, with the API’s proof', async () => {
  const key = unique('guarantee');
  await send(event(key));
  const incident = await incidentOf(key, (d) => d.tasks.length === 1);
  const taskId = incident.tasks[0].taskId;
  const inbox = await call('GET', '/api/tasks?process=alert&limit=200', { token: 'dev-oncall' });
  assert.ok(inbox.data.items.some((t: any) => t.id === taskId && t.kind === 'acknowledge' && t.decisions.includes('acknowledge')));
  const sales = await call('GET', '/api/tasks?process=alert&limit=200', { token: 'dev-admin' });
  assert.ok(
    sales.data.items.some((t: any) => t.id === taskId),
    'admins see every task',
  );
  const wrongDecision = await call('POST', `/api/tasks/${encodeURIComponent(taskId)}/decision`, { token: 'dev-oncall', json: { decision: 'approve' } });
  assert.equal(wrongDecision.status, 400);
  assert.equal(wrongDecision.data.code, 'decision_not_allowed');
  const forbidden = await call('POST', `/api/tasks/${encodeURIComponent(taskId)}/decision`, { token: 'dev-clerk', json: { decision: 'acknowledge' } });
  assert.equal(forbidden.status, 403);
  // A signal without the API's proof is recorded and ignored.
  await stack.client.workflow
    .getHandle(incident.workflowId)
    .signal('decision', { taskId, decision: 'acknowledge', by: 'mallory', roles: ['admin'], at: new Date().toISOString() });
  const ignored = await incidentOf(key, (d) => d.ignoredDecisions.length === 1);
  assert.equal(ignored.ignoredDecisions[0].reason, 'invalid_proof');
  assert.equal(ignored.status, 'open');
  // The monitor itself may acknowledge (PagerDuty-style `acknowledge` event).
  const ack = await send({ source: 'test-monitor', dedupKey: key, action: 'acknowledge' });
  assert.equal(ack.data.accepted, 1);
  await incidentOf(key, (d) => d.status === 'acknowledged' && d.details.acknowledgement.by === 'dev-integration');
  await call('POST', `/api/alerts/${incident.id}/resolve`, { token: 'dev-integration', json: {} });
});

test('signed webhooks: a valid signature is accepted; a wrong, stale or replayed one is refused', async () => {
  const body = JSON.stringify(event(unique('signed')));
  const now = String(Math.floor(Date.now() / 1000));
  const post = (headers: Record<string, string>, text = body) => call('POST', '/api/events', { body: text, type: 'application/json', headers });
  const good: CallResult = await post({ 'x-timestamp': now, 'x-signature': webhookSignature(SECRET, now, body) });
  assert.equal(good.status, 202);
  assert.equal(good.data.accepted, 1);
  const replay = await post({ 'x-timestamp': now, 'x-signature': webhookSignature(SECRET, now, body) });
  assert.equal(replay.status, 401);
  assert.equal(replay.data.code, 'replayed_signature');
  const wrong = await post({ 'x-timestamp': now, 'x-signature': webhookSignature('another-secret-entirely', now, body) });
  assert.equal(wrong.data.code, 'bad_signature');
  const tampered = await post({ 'x-timestamp': now, 'x-signature': webhookSignature(SECRET, now, body) }, body.replace('warning', 'critical'));
  assert.equal(tampered.data.code, 'bad_signature');
  const old = String(Math.floor(Date.now() / 1000) - 6 * 60);
  const stale = await post({ 'x-timestamp': old, 'x-signature': webhookSignature(SECRET, old, body) });
  assert.equal(stale.status, 401);
  assert.equal(stale.data.code, 'stale_signature');

  // A source with a secret of its own signs with that one, and only that one.
  const fromGrafana = JSON.stringify(event(unique('grafana')));
  const t = String(Math.floor(Date.now() / 1000));
  const ownSecret = await post(
    { 'x-webhook-source': 'grafana', 'x-timestamp': t, 'x-signature': webhookSignature(GRAFANA_SECRET, t, fromGrafana) },
    fromGrafana,
  );
  assert.equal(ownSecret.status, 202);
  assert.equal(ownSecret.data.events[0].status, 'accepted');
  const sharedSecret = await post({ 'x-webhook-source': 'grafana', 'x-timestamp': t, 'x-signature': webhookSignature(SECRET, t, fromGrafana) }, fromGrafana);
  assert.equal(sharedSecret.data.code, 'bad_signature', 'the shared secret does not sign for a source that has its own');
  const unknown = await post({ 'x-webhook-source': 'nagios', 'x-timestamp': t, 'x-signature': webhookSignature(SECRET, t, fromGrafana) }, fromGrafana);
  assert.equal(unknown.data.code, 'unknown_source');
});

test('routing rules are admin data: validated, and the defaults apply until set', async () => {
  assert.equal((await call('GET', '/api/alert-routes', { token: 'dev-oncall' })).status, 403);
  const current = await call('GET', '/api/alert-routes', { token: 'dev-admin' });
  assert.equal(current.data.updatedBy, 'dev-admin');
  assert.equal(current.data.routes[0].name, 'critical');
  const invalid = await call('PUT', '/api/alert-routes', {
    token: 'dev-admin',
    json: { routes: [{ name: 'x', policy: { levels: [{ roles: [], channels: ['slack'], waitSeconds: 5 }] } }] },
  });
  assert.equal(invalid.status, 400);
  assert.match(invalid.data.message, /at least one role or person/);
});
