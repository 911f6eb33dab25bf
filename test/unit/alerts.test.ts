/** The alert chain's pure rules: severity, event shapes, triage rules, routing, paging schedules, acknowledge links. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { triageOffline, topicOf } from '../../activities/ai/offline/triage.js';
import { signTaskLink, verifyTaskLink } from '../../activities/human-tasks/links.js';
import { alertmanagerEvents, AlertmanagerPayload, GenericEvent, normaliseSeverity } from '../../domain/alerts/event.js';
import { DEFAULT_ALERT_ROUTING, matchRoute, NO_ROUTE } from '../../domain/alerts/routing.js';
import { finalTriage, matchingPatterns, type TriageFacts } from '../../domain/alerts/triage.js';
import { approvalSchedule, pagingSchedule } from '../../domain/escalation.js';

const facts = (over: Partial<TriageFacts> = {}): TriageFacts => ({
  source: 'prometheus',
  summary: 'Replica lag above 30 s',
  severity: 'warning',
  labels: { alertname: 'PostgresReplicationLag' },
  annotations: {},
  matchedPatterns: [],
  recentIncidents: 1,
  flapping: { count: 3, windowMinutes: 60 },
  ...over,
});

test("monitors' severity words are normalised; an unknown or missing one is a warning", () => {
  assert.deepEqual(['CRITICAL', 'page', 'error', 'P2', 'warn', 'informational', 'bogus', undefined].map(normaliseSeverity), [
    'critical',
    'critical',
    'high',
    'high',
    'warning',
    'info',
    'warning',
    'warning',
  ]);
});

test('an Alertmanager payload gives one event per alert, its labels over the common ones, keyed by fingerprint', () => {
  const payload = AlertmanagerPayload.parse({
    version: '4',
    groupKey: 'g',
    status: 'firing',
    receiver: 'r',
    groupLabels: {},
    commonLabels: { cluster: 'eu', severity: 'warning' },
    commonAnnotations: { summary: 'common' },
    externalURL: 'http://am',
    alerts: [
      { status: 'firing', labels: { alertname: 'A', severity: 'critical' }, annotations: { summary: 'A down' }, fingerprint: 'fa' },
      { status: 'resolved', labels: { alertname: 'B' }, annotations: {} },
    ],
  });
  const [a, b] = alertmanagerEvents(payload, 'am', '2026-11-25T00:00:00Z');
  assert.deepEqual([a!.dedupKey, a!.action, a!.severity, a!.summary, a!.labels.cluster], ['fa', 'trigger', 'critical', 'A down', 'eu']);
  assert.equal(b!.action, 'resolve');
  assert.match(b!.dedupKey, /^[0-9a-f]{16}$/, 'without a fingerprint, a stable hash of the labels');
  assert.equal(alertmanagerEvents(payload, 'am', 'x')[1]!.dedupKey, b!.dedupKey);
});

test('a generic event needs a summary to trigger and a dedupKey to acknowledge or resolve', () => {
  assert.equal(GenericEvent.safeParse({ source: 's', action: 'trigger' }).success, false);
  assert.equal(GenericEvent.safeParse({ source: 's', action: 'resolve', summary: 'x' }).success, false);
  assert.equal(GenericEvent.safeParse({ source: 's', action: 'resolve', dedupKey: 'k' }).success, true);
  assert.equal(GenericEvent.safeParse({ source: 'bad source', action: 'trigger', summary: 'x' }).success, false);
});

test('offline triage: topics by their words, noise by rules, actionable otherwise', () => {
  assert.equal(topicOf(facts()), 'database');
  assert.equal(topicOf(facts({ summary: 'Disk 95% full', labels: { instance: 'db-1' } })), 'capacity', 'the summary counts before host names');
  assert.equal(topicOf(facts({ summary: 'Something odd', labels: {} })), 'application');
  assert.equal(triageOffline(facts()).noise, false);
  assert.match(triageOffline(facts({ labels: { alertname: 'Watchdog' } })).reason, /test or watchdog/);
  assert.match(triageOffline(facts({ matchedPatterns: ['backup'] })).reason, /known noise: backup/);
  assert.match(triageOffline(facts({ recentIncidents: 3 })).reason, /Flapping: 3 incidents of this alert within 60 minutes/);
  assert.equal(triageOffline(facts({ severity: 'info' })).noise, true);
});

test('no triage suppresses a critical alert', () => {
  const proposed = { topic: 'security' as const, noise: true, reason: 'looks like a test', confidence: 0.99 };
  assert.equal(finalTriage(proposed, 'critical').noise, false);
  assert.equal(finalTriage(proposed, 'high').noise, true);
});

test('noise patterns match the summary or a label, case-insensitively', () => {
  const patterns = [
    { name: 'backup', contains: 'Backup Job' },
    { name: 'canary', contains: 'env=canary' },
  ];
  assert.deepEqual(matchingPatterns(patterns, 'nightly backup job running', { env: 'canary' }), ['backup', 'canary']);
  assert.deepEqual(matchingPatterns(patterns, 'db down', {}), []);
});

test('routing: the first matching rule wins; nothing matching pages the admins', () => {
  const incident = (severity: 'critical' | 'warning' | 'info') => ({ severity, topic: 'database' as const, labels: {} });
  assert.equal(matchRoute(DEFAULT_ALERT_ROUTING.routes, incident('critical')).name, 'critical');
  assert.equal(matchRoute(DEFAULT_ALERT_ROUTING.routes, incident('warning')).name, 'everything else');
  const labelled = [{ name: 'eu', match: { labels: { region: 'eu' } }, policy: DEFAULT_ALERT_ROUTING.routes[0]!.policy }];
  assert.equal(matchRoute(labelled, { ...incident('info'), labels: { region: 'us' } }), NO_ROUTE);
  assert.equal(matchRoute(labelled, { ...incident('info'), labels: { region: 'eu' } }).name, 'eu');
});

test('a paging policy becomes a schedule: each level waits its time, the policy repeats, the first page is at opening', () => {
  const schedule = pagingSchedule({
    levels: [
      { roles: ['oncall'], people: [], channels: ['sms'], waitSeconds: 300 },
      { roles: ['oncall_lead'], people: [], channels: ['email'], waitSeconds: 600 },
    ],
    repeat: 1,
  });
  assert.deepEqual(
    schedule.map((e) => (e.action === 'page' ? `${e.atMs / 1000}s r${e.round} l${e.level}` : e.action)),
    ['300s r0 l1', '900s r1 l0', '1200s r1 l1'],
  );
  assert.deepEqual(
    approvalSchedule({ reminderAfterMs: 1, escalateAfterMs: 2, deadlineMs: 3 }).map((e) => e.action),
    ['remind', 'escalate', 'expire'],
  );
});

test('an acknowledge link is refused when forged, tampered or expired', () => {
  const link = { workflowId: 'w', taskId: 't', user: 'olga', expiresAt: Date.now() + 60_000 };
  const token = signTaskLink('key-1', link);
  assert.deepEqual(verifyTaskLink('key-1', token), { ok: true, link });
  assert.deepEqual(verifyTaskLink('key-2', token), { ok: false, reason: 'forged' });
  const [payload, mac] = token.split('.');
  const otherUser = Buffer.from(JSON.stringify({ w: 'w', t: 't', u: 'mallory', e: link.expiresAt })).toString('base64url');
  assert.deepEqual(verifyTaskLink('key-1', `${otherUser}.${mac}`), { ok: false, reason: 'forged' });
  assert.deepEqual(verifyTaskLink('key-1', `${payload}`), { ok: false, reason: 'malformed' });
  assert.deepEqual(verifyTaskLink('key-1', signTaskLink('key-1', { ...link, expiresAt: Date.now() - 1 })), { ok: false, reason: 'expired' });
});
