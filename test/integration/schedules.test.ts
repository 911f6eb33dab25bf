/**
 * Schedules on the real dev server, through the API: Temporal Schedules that start the heartbeat
 * check (a dead man's switch that raises and resolves an alert) and the digest of pending tasks;
 * validation at creation, pause with a note, a new spec, trigger, backfill, delete.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { notificationsForWorkflow } from '../../db/notifications.js';
import { ProcessTypeKey } from '../../domain/search-attributes.js';
import { apiClient } from '../helpers/api.js';
import { eventually } from '../helpers/runs.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

let stack: TestStack;
let call: ReturnType<typeof apiClient>;

before(async () => {
  stack = await startTestStack({ api: true, env: { ALERT_PAUSE_FOR: '1ms' } });
  call = apiClient(stack.api!.url);
});

after(async () => {
  for (const s of (await call('GET', '/api/schedules', { token: 'dev-admin' })).data.items) {
    await call('DELETE', `/api/schedules/${s.id}`, { token: 'dev-admin' });
  }
  await stack?.stop();
  await stopOwnTemporal();
});

const unique = (name: string) => `${name}-${Date.now().toString(36)}`;
const admin = (method: string, path: string, json?: unknown) => call(method, path, { token: 'dev-admin', ...(json !== undefined && { json }) });

/** The runs a schedule started that ended in `status`. */
async function runsOf(process: string, scheduleId: string, status: string, count = 1) {
  let found: any[] = [];
  await eventually(async () => {
    const runs = await admin('GET', `/api/runs?process=${process}&limit=200`);
    found = runs.data.items.filter((r: any) => r.workflowId.startsWith(`${process}-${scheduleId}-`) && r.status === status);
    assert.ok(
      found.length >= count,
      `${found.length} ${process} runs ${status} of ${scheduleId}: ${JSON.stringify(runs.data.items.map((r: any) => r.status))}`,
    );
  }, 20_000);
  return found;
}

async function heartbeatIncident(name: string, predicate: (a: any) => boolean) {
  let incident: any;
  await eventually(async () => {
    const list = await call('GET', '/api/alerts?limit=200', { token: 'dev-oncall' });
    const summary = list.data.items.find((a: any) => a.source === 'heartbeat' && a.dedupKey === name);
    assert.ok(summary, `no heartbeat incident for ${name}`);
    incident = (await call('GET', `/api/alerts/${summary.id}`, { token: 'dev-oncall' })).data;
    assert.ok(predicate(incident), `incident ${incident.status}, ${incident.details.pages.length} pages`);
  }, 20_000);
  return incident;
}

test('a schedule is checked when it is created: process, input, spec, id, role', async () => {
  const good = { id: unique('bad'), process: 'heartbeat', spec: { interval: { every: '5m' } }, input: { name: 'job', maxSilence: '10m' } };
  const refused = async (json: unknown, field: string, token = 'dev-admin', status = 400) => {
    const res = await call('POST', '/api/schedules', { token, json });
    assert.equal(res.status, status, JSON.stringify(res.data));
    if (status === 400) assert.equal(res.data.field, field);
  };
  await refused({ ...good, process: 'payroll' }, 'process');
  await refused({ ...good, input: { name: 'job', maxSilence: 'soon' } }, 'input.maxSilence');
  await refused({ ...good, input: { maxSilence: '1m' } }, 'input.name');
  await refused({ ...good, spec: {} }, 'spec.cron');
  await refused({ ...good, spec: { cron: ['every tuesday'] } }, 'spec.cron.0');
  await refused({ ...good, spec: { cron: ['0 8 * * *'], timezone: 'Mars/Olympus' } }, 'spec.timezone');
  await refused({ ...good, spec: { cron: ['61 25 * * *'] } }, 'spec', 'dev-admin');
  await refused({ ...good, id: 'has spaces' }, 'id');
  await refused(good, '', 'dev-manager', 403);
  assert.equal((await admin('GET', `/api/schedules/${good.id}`)).status, 404, 'nothing was kept of the refused ones');
});

test('a cron schedule in a time zone lists its next runs; pausing keeps a note; a new spec moves them', async () => {
  const id = unique('morning-digest');
  const created = await admin('POST', '/api/schedules', { id, process: 'digest', spec: { cron: ['0 8 * * 1-5'], timezone: 'Europe/Berlin' }, input: {} });
  assert.equal(created.status, 201, JSON.stringify(created.data));
  assert.equal(created.data.nextRunTimes.length, 5);
  for (const t of created.data.nextRunTimes as string[]) {
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', weekday: 'short' }).format(new Date(t));
    assert.match(local, /^(Mon|Tue|Wed|Thu|Fri) 08:00$/, `${t} is ${local} in Berlin`);
  }
  assert.equal(created.data.overlap, 'skip');
  assert.equal(created.data.paused, false);
  assert.match(created.data.links.temporalUi, new RegExp(`/schedules/${id}$`));
  const again = await admin('POST', '/api/schedules', { id, process: 'digest', spec: { cron: ['0 9 * * *'] }, input: {} });
  assert.equal(again.status, 409);

  // The Temporal UI lists it with the project's search attributes.
  const described = await stack.client.schedule.getHandle(id).describe();
  assert.equal(described.typedSearchAttributes.get(ProcessTypeKey), 'digest');

  const paused = await admin('PATCH', `/api/schedules/${id}`, { paused: true, note: 'office closed this week' });
  assert.equal(paused.status, 200);
  assert.deepEqual([paused.data.paused, paused.data.note], [true, 'office closed this week']);
  const moved = await admin('PATCH', `/api/schedules/${id}`, { spec: { interval: { every: '24h', offset: '2h' } }, paused: false });
  assert.equal(moved.data.paused, false);
  assert.deepEqual(moved.data.spec, { interval: { every: '24h', offset: '2h' } });
  for (const t of moved.data.nextRunTimes as string[]) assert.match(t, /T02:00:00/);
  assert.equal((await admin('PATCH', `/api/schedules/${id}`, { input: { roles: ['pilot'] } })).data.field, 'input.roles.0');

  assert.equal((await admin('DELETE', `/api/schedules/${id}`)).status, 204);
  assert.equal((await admin('GET', `/api/schedules/${id}`)).status, 404);
  await assert.rejects(stack.client.schedule.getHandle(id).describe(), /not found/i);
});

test('a heartbeat schedule raises an alert when the beats stop and resolves it when they are back; a digest tells who is paged', async () => {
  const name = unique('nightly-backup');
  const id = `${name}-check`;
  const created = await admin('POST', '/api/schedules', {
    id,
    process: 'heartbeat',
    spec: { interval: { every: '1h' } },
    input: { name, maxSilence: '5s', severity: 'warning' },
    paused: true,
    note: 'triggered by hand in this test',
  });
  assert.equal(created.status, 201, JSON.stringify(created.data));

  // A beat (an empty POST), then a check: healthy, no alert.
  const beat = await call('POST', `/api/heartbeats/${name}`, { token: 'dev-integration' });
  assert.equal(beat.status, 202);
  assert.equal(beat.data.beats, 1);
  assert.equal((await call('POST', `/api/heartbeats/${name}`, { token: 'dev-clerk' })).status, 403, 'beats need the integration role');
  assert.equal((await admin('POST', `/api/schedules/${id}/trigger`, {})).status, 202);
  const [healthy] = await runsOf('heartbeat', id, 'healthy');
  assert.match(healthy.subject, new RegExp(name));

  // Silence past maxSilence: the next check raises an alert, which the alert chain pages.
  await sleep(5200);
  await admin('POST', `/api/schedules/${id}/trigger`, {});
  await runsOf('heartbeat', id, 'silent');
  const open = await heartbeatIncident(name, (a) => a.status === 'open' && a.details.pages.length > 0);
  assert.match(open.details.summary, new RegExp(`No heartbeat from ${name}`));

  // A digest: the on-call person hears what waits for them, with a link to the task.
  const digestId = unique('digest-oncall');
  await admin('POST', '/api/schedules', { id: digestId, process: 'digest', spec: { cron: ['0 8 * * *'] }, input: { roles: ['oncall'] }, paused: true });
  await admin('POST', `/api/schedules/${digestId}/trigger`, {});
  const [digest] = await runsOf('digest', digestId, 'sent');
  const messages = await notificationsForWorkflow(stack.db, digest.workflowId);
  const toOncall = messages.find((m) => m.recipient === 'dev-oncall');
  assert.ok(toOncall, `digests: ${JSON.stringify(messages.map((m) => m.recipient))}`);
  assert.match(toOncall.subject, /tasks? waits? for you/);
  assert.match(toOncall.body, new RegExp(`No heartbeat from ${name}`));
  assert.match(toOncall.body, /\/inbox#\/tasks\//);
  assert.ok(!messages.some((m) => m.recipient === 'dev-manager'), 'only the roles asked for');

  // Beats are back: the next check resolves the alert.
  await call('POST', `/api/heartbeats/${name}`, { token: 'dev-integration' });
  await admin('POST', `/api/schedules/${id}/trigger`, {});
  await heartbeatIncident(name, (a) => a.status === 'resolved');
  const shown = await admin('GET', `/api/schedules/${id}`);
  assert.equal(shown.data.actionsTaken, 3);
  assert.equal(shown.data.recentActions.length, 3);
  assert.ok(shown.data.recentActions.every((a: any) => a.workflowId.startsWith(`heartbeat-${id}-`)));
});

test('a backfill takes the actions a schedule missed', async () => {
  const id = unique('hourly-digest');
  await admin('POST', '/api/schedules', { id, process: 'digest', spec: { interval: { every: '1h' } }, input: { users: ['nobody-here'] }, paused: true });
  // Three hours in the past, from half past to half past: exactly three hourly times inside.
  const hour = 3_600_000;
  const from = Math.floor(Date.now() / hour) * hour - 3.5 * hour;
  const res = await admin('POST', `/api/schedules/${id}/backfill`, {
    from: new Date(from).toISOString(),
    to: new Date(from + 3 * hour).toISOString(),
    overlap: 'allow_all',
  });
  assert.equal(res.status, 202);
  const runs = await runsOf('digest', id, 'sent', 3);
  assert.equal(runs.length, 3);
  const bad = await admin('POST', `/api/schedules/${id}/backfill`, { from: new Date(from).toISOString(), to: new Date(from - 1000).toISOString() });
  assert.equal(bad.status, 400);
});
