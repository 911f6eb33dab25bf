/**
 * The alert chain's timers and its model: an acknowledged incident not resolved within
 * ALERT_ACK_TIMEOUT pages again; triage runs on an OpenAI-compatible server (a local one), and
 * the rule for critical alerts overrules the model.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createOpenAiProvider } from '../../activities/ai/openai.js';
import { apiClient } from '../helpers/api.js';
import { formatName, startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { eventually } from '../helpers/runs.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

let stack: TestStack;
let model: FakeOpenAi;
let call: ReturnType<typeof apiClient>;

before(async () => {
  // The model calls everything about logins a security matter; and (wrongly) a critical one noise.
  model = await startFakeOpenAi((req) => {
    assert.equal(formatName(req), 'alert_triage');
    const facts = req.body.messages.at(-1)?.content ?? '';
    const noise = /ignore me/.test(facts);
    return { kind: 'json', value: { topic: 'security', noise, reason: noise ? 'The model thinks this is noise.' : 'Many failed logins.', confidence: 0.66 } };
  });
  stack = await startTestStack({
    api: true,
    ai: createOpenAiProvider({ apiKey: 'sk-test', baseUrl: model.baseUrl, model: 'gpt-test', timeoutMs: 2000 }),
    env: { ALERT_PAUSE_FOR: '1s', ALERT_ACK_TIMEOUT: '2s' },
  });
  call = apiClient(stack.api!.url);
});

after(async () => {
  await stack?.stop();
  await model?.close();
  await stopOwnTemporal();
});

async function incident(dedupKey: string, predicate: (a: any) => boolean): Promise<any> {
  let found: any;
  await eventually(async () => {
    const list = await call('GET', '/api/alerts?limit=200', { token: 'dev-oncall' });
    const summary = list.data.items.find((a: any) => a.dedupKey === dedupKey);
    assert.ok(summary, 'no incident yet');
    found = (await call('GET', `/api/alerts/${summary.id}`, { token: 'dev-oncall' })).data;
    assert.ok(predicate(found), `${found.status}/${found.step}`);
  }, 20_000);
  return found;
}

test('triage runs on the configured model with structured outputs; a critical alert is paged even when the model says noise', async () => {
  const key = `logins-${Date.now()}`;
  await call('POST', '/api/events', {
    token: 'dev-integration',
    json: { source: 'auth', summary: 'Failed logins spiking', severity: 'high', dedupKey: key, action: 'trigger' },
  });
  const triaged = await incident(key, (a) => a.details.triage !== null);
  assert.equal(triaged.details.triage.provider, 'openai:gpt-test');
  assert.equal(triaged.details.topic, 'security');
  assert.equal(triaged.details.triage.confidence, 0.66);

  const critical = `critical-${Date.now()}`;
  await call('POST', '/api/events', {
    token: 'dev-integration',
    json: { source: 'auth', summary: 'ignore me: admin logins from abroad', severity: 'critical', dedupKey: critical, action: 'trigger' },
  });
  const paged = await incident(critical, (a) => a.details.pages.length > 0);
  assert.equal(paged.details.triage.proposed.noise, true);
  assert.equal(paged.details.triage.noise, false);
  assert.match(paged.details.triage.reason, /Critical alerts are always paged/);
  for (const id of [triaged.id, paged.id]) await call('POST', `/api/alerts/${id}/resolve`, { token: 'dev-oncall', json: {} });
});

test('an acknowledged incident that is not resolved within ALERT_ACK_TIMEOUT pages again', async () => {
  const key = `slow-fix-${Date.now()}`;
  await call('POST', '/api/events', {
    token: 'dev-integration',
    json: { source: 'shop', summary: 'Checkout errors', severity: 'warning', dedupKey: key, action: 'trigger' },
  });
  const paged = await incident(key, (a) => a.details.pages.length === 1);
  assert.equal((await call('POST', `/api/alerts/${paged.id}/acknowledge`, { token: 'dev-oncall', json: {} })).status, 202);
  // The second task is shown as soon as it opens; its page is recorded once sent.
  const repaged = await incident(key, (a) => a.tasks.length === 2 && a.status === 'open' && a.details.pages.length === 2);
  assert.equal(repaged.tasks[0].status, 'acknowledged');
  assert.equal(repaged.tasks[1].status, 'pending');
  assert.equal(repaged.details.pages.length, 2);
  assert.ok(repaged.timeline.some((t: any) => /not resolved within 2 s: paging again/.test(t.message)));
  assert.equal(repaged.details.acknowledgement, null);
  await call('POST', `/api/alerts/${paged.id}/resolve`, { token: 'dev-oncall', json: {} });
  const resolved = await incident(key, (a) => a.status === 'resolved');
  assert.equal(resolved.tasks[1].status, 'withdrawn', 'the open page is withdrawn when the incident resolves');
});
