import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig, ConfigError } from '../../config/index.js';
import { parseDuration } from '../../domain/duration.js';
import { identities, parseAuthTokens, tokenTable } from '../../config/tokens.js';

test('defaults start the embedded stack without any variable', () => {
  const c = loadConfig({});
  assert.equal(c.http.port, 3000);
  assert.equal(c.temporal.address, 'localhost:7233');
  assert.equal(c.temporal.taskQueue, 'invoices');
  assert.equal(c.openai.apiKey, undefined);
  assert.equal(c.approvals.autoApproveBelow, 1000);
  assert.equal(c.approvals.managerLimit, 10000);
  assert.equal(c.http.maxDocumentBytes, 10 * 1024 * 1024);
  assert.match(c.database, /\.data[/\\]app\.db$/);
});

test('bad variables are named in the error', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty' }),
    (e: ConfigError) => e.problems.some((p) => p.startsWith('PORT')),
  );
  assert.throws(() => loadConfig({ APPROVAL_DEADLINE: 'soon' }), /APPROVAL_DEADLINE/);
  assert.throws(() => loadConfig({ APPROVAL_REMINDER_AFTER: '3d', APPROVAL_ESCALATE_AFTER: '2d' }), /APPROVAL_REMINDER_AFTER/);
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /AUTH_TOKENS/);
});

test('durations', () => {
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('24h'), 86_400_000);
  assert.equal(parseDuration('7d'), 604_800_000);
  assert.equal(parseDuration('1500'), 1500);
  assert.equal(parseDuration('tomorrow'), undefined);
});

test('an API key or certificate turns TLS on for a cluster', () => {
  assert.equal(loadConfig({ TEMPORAL_API_KEY: 'k' }).temporal.tls.enabled, true);
  assert.equal(loadConfig({}).temporal.tls.enabled, false);
});

test('AUTH_TOKENS parses tokens, users and roles, and rejects malformed entries', () => {
  const t = parseAuthTokens('s3cret-token-a=alice:manager, s3cret-token-b=bob:ap_clerk|manager');
  assert.deepEqual(t.get('s3cret-token-a'), { user: 'alice', roles: ['manager'] });
  assert.deepEqual(t.get('s3cret-token-b'), { user: 'bob', roles: ['ap_clerk', 'manager'] });
  assert.throws(() => parseAuthTokens('short=alice:manager'), /at least 8/);
  assert.throws(() => parseAuthTokens('s3cret-token-a=alice:ceo'), /unknown role/);
});

test('development tokens only outside production and only without AUTH_TOKENS', () => {
  assert.ok(tokenTable(undefined, 'development').has('dev-admin'));
  assert.equal(tokenTable('s3cret-token-a=alice:manager', 'development').has('dev-admin'), false);
  assert.throws(() => tokenTable(undefined, 'production'));
});

test('production needs a decision-signing key of at least 32 characters; development has one of its own', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production', AUTH_TOKENS: 'tok-admin-1=a:admin' }), /DECISION_SIGNING_KEY/);
  assert.throws(() => loadConfig({ DECISION_SIGNING_KEY: 'short' }), /DECISION_SIGNING_KEY/);
  const key = 'k'.repeat(32);
  const payloadKeys = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
  assert.equal(
    loadConfig({ NODE_ENV: 'production', AUTH_TOKENS: 'tok-admin-1=a:admin', DECISION_SIGNING_KEY: key, PAYLOAD_KEYS: payloadKeys }).decisionSigningKey,
    key,
  );
  assert.ok(loadConfig({}).decisionSigningKey.length >= 32);
});

test('production needs payload keys; each is an id and 32 bytes; development keeps payloads plain', () => {
  const base = { NODE_ENV: 'production', AUTH_TOKENS: 'tok-admin-1=a:admin', DECISION_SIGNING_KEY: 'k'.repeat(32) } as const;
  assert.throws(() => loadConfig(base), /PAYLOAD_KEYS: required/);
  assert.throws(() => loadConfig({ PAYLOAD_KEYS: 'k1:c2hvcnQ=' }), /PAYLOAD_KEYS: each entry/);
  const two = `new:${Buffer.alloc(32, 1).toString('base64')},old:${Buffer.alloc(32, 2).toString('base64')}`;
  assert.deepEqual(
    loadConfig({ ...base, PAYLOAD_KEYS: two }).payloadKeys.map((k) => k.id),
    ['new', 'old'],
  );
  assert.deepEqual(loadConfig({}).payloadKeys, []);
  assert.throws(() => loadConfig({ CODEC_ROLES: 'admin,wizard' }), /CODEC_ROLES: "wizard"/);
});

test('the identities behind the tokens merge every token of a user into one with all their roles', () => {
  const people = identities('tok-bob-0001=bob:ap_clerk,tok-bob-0002=bob:manager,tok-ann-0001=ann:admin', 'development');
  assert.deepEqual(people.find((p) => p.user === 'bob')?.roles.sort(), ['ap_clerk', 'manager']);
  assert.equal(people.length, 2);
});
