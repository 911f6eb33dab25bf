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

test('every image docker-compose pulls is pinned to a version, never a moving tag', () => {
  const compose = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
  const images = [...compose.matchAll(/^\s*image:\s*(\S+)\s*$/gm)].map((m) => m[1]!);
  assert.ok(images.length >= 6, images.join(', '));
  for (const image of images) assert.match(image, /^[\w./-]+:v?\d+\.\d+(\.\d+)?([\w.-]*)$/, `${image} is not pinned to a full version`);
});

test('the production stack: the application on PostgreSQL, workers with metrics and readiness, Prometheus scraping what exists, Grafana with the dashboard', () => {
  const compose = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
  assert.match(compose, /DATABASE_URL: postgres:\/\/app:[^@]+@app-postgresql:5432\/app/);
  assert.match(compose, /METRICS_PORT: 9464/);
  assert.match(compose, /replicas: \$\{WORKERS:-\d+\}/);
  assert.match(compose, /fetch\('http:\/\/127\.0\.0\.1:9464\/readyz'\)/, 'the worker health check asks its readiness endpoint');
  assert.match(compose, /fetch\('http:\/\/127\.0\.0\.1:3000\/api\/health'\)/);
  assert.match(compose, /TEMPORAL_CODEC_ENDPOINT:/);
  const prometheus = fs.readFileSync(path.join(ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8');
  for (const target of ['api:3000', 'temporal:8000']) assert.ok(prometheus.includes(`"${target}"`), target);
  assert.match(prometheus, /names: \["worker"\]\s+type: A\s+port: 9464/);
  assert.match(compose, /\.\/deploy\/prometheus\/prometheus\.yml:\/etc\/prometheus\/prometheus\.yml/);
  assert.match(compose, /\.\/deploy\/grafana\/dashboards:\/var\/lib\/grafana\/dashboards/);
  const provider = fs.readFileSync(path.join(ROOT, 'deploy/grafana/provisioning/dashboards/dashboards.yml'), 'utf8');
  assert.match(provider, /path: \/var\/lib\/grafana\/dashboards/);
  const dashboard = JSON.parse(fs.readFileSync(path.join(ROOT, 'deploy/grafana/dashboards/business-processes.json'), 'utf8')) as {
    panels: { type: string; datasource?: { uid: string } }[];
  };
  const datasource = fs.readFileSync(path.join(ROOT, 'deploy/grafana/provisioning/datasources/prometheus.yml'), 'utf8');
  for (const panel of dashboard.panels.filter((p) => p.type !== 'row'))
    assert.ok(datasource.includes(`uid: ${panel.datasource?.uid}`), 'panels use the provisioned Prometheus');
});
