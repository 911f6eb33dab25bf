/** What docker-compose.yml publishes: nothing on every interface unless an operator says so. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('every port docker-compose publishes is bound to localhost by default', () => {
  const compose = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
  const published = [...compose.matchAll(/^\s*ports:\s*\n((?:\s*-\s*.+\n)+)/gm)].flatMap((m) =>
    [...m[1]!.matchAll(/-\s*"?([^"\n]+)"?/g)].map((p) => p[1]!.trim()),
  );
  assert.ok(published.length >= 3, `found ${published.join(', ')}`);
  for (const mapping of published) {
    assert.match(mapping, /^(?:127\.0\.0\.1|\$\{[A-Z_]+:-127\.0\.0\.1\}):\d+:\d+$/, `${mapping} is published on every interface`);
  }
});

test('the production stack cannot start without a decision-signing key', () => {
  const compose = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
  assert.match(compose, /DECISION_SIGNING_KEY: \$\{DECISION_SIGNING_KEY:\?/);
});
