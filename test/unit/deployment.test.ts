/** What docker-compose.yml publishes (nothing on every interface unless an operator says so) and what it registers. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../domain/search-attributes.js';

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

test('docker-compose and the README register every search attribute the workflows set, with its type', () => {
  const type = (t: string) => t.toLowerCase().replace(/_/g, '');
  const wanted = CUSTOM_SEARCH_ATTRIBUTES.map((k) => `${k.name}=${type(k.type)}`).sort();
  for (const file of ['docker-compose.yml', 'README.md']) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const loop = /for sa in ([^;]+); do/.exec(text);
    assert.ok(loop, `${file} has the registration loop`);
    const listed = loop[1]!
      .trim()
      .split(/\s+/)
      .map((sa) => `${sa.split('=')[0]}=${type(sa.split('=')[1]!)}`)
      .sort();
    assert.deepEqual(listed, wanted, file);
  }
});
