/**
 * Prometheus metrics of every process: one registry per process, served as `GET /metrics` by the
 * API (on its own port) and by each worker (on METRICS_PORT). A worker's answer also carries the
 * Temporal SDK's own metrics (its runtime telemetry, on a loopback port of the worker's), so one
 * scrape sees both. Names start with `bp_` (business processes); the SDK's start with `temporal_`.
 */
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The process's registry: Node's own metrics (CPU, memory, event loop) and the project's. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'bp_node_' });

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export const httpRequests = new Counter({
  name: 'bp_http_requests_total',
  help: 'HTTP requests answered by the API, by method, route template and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});
export const httpDuration = new Histogram({
  name: 'bp_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method, route template and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: SECONDS,
  registers: [registry],
});
export const runsStarted = new Counter({
  name: 'bp_runs_started_total',
  help: 'Process runs asked to start, by process and outcome: started (or the run going for that business key), signalled (signal-with-start), finished_before (a finished run of that key exists)',
  labelNames: ['process', 'outcome'] as const,
  registers: [registry],
});
export const aiCalls = new Counter({
  name: 'bp_ai_calls_total',
  help: 'AI task calls, by provider, task and outcome (ok or the error kind)',
  labelNames: ['provider', 'task', 'outcome'] as const,
  registers: [registry],
});
export const aiDuration = new Histogram({
  name: 'bp_ai_call_duration_seconds',
  help: 'Time an AI task call took, by provider and task',
  labelNames: ['provider', 'task'] as const,
  buckets: SECONDS,
  registers: [registry],
});
export const aiTokens = new Counter({
  name: 'bp_ai_tokens_total',
  help: 'Tokens a model used, by provider, task and kind (prompt, completion)',
  labelNames: ['provider', 'task', 'kind'] as const,
  registers: [registry],
});
export const deliveries = new Counter({
  name: 'bp_notification_deliveries_total',
  help: 'Notification delivery attempts, by channel and outcome (sent, retry, failed, in_doubt, resent_after_cut_off)',
  labelNames: ['channel', 'outcome'] as const,
  registers: [registry],
});
export const enrichmentCalls = new Counter({
  name: 'bp_enrichment_provider_calls_total',
  help: 'Calls to lead-enrichment providers, by provider and outcome (match, no_match, error; cache_hit: answered from the cache; skipped: the provider was cooling down)',
  labelNames: ['provider', 'outcome'] as const,
  registers: [registry],
});

/** Time an AI call into a histogram and count its outcome. */
export async function measuredAiCall<T>(labels: { provider: string; task: string }, fn: () => Promise<T>): Promise<T> {
  const end = aiDuration.startTimer(labels);
  try {
    const result = await fn();
    aiCalls.inc({ ...labels, outcome: 'ok' });
    return result;
  } catch (error) {
    // An AiError names its kind (rate_limited, refusal, ...); anything else is an error.
    const kind = (error as { kind?: unknown }).kind;
    aiCalls.inc({ ...labels, outcome: typeof kind === 'string' ? kind : 'error' });
    throw error;
  } finally {
    end();
  }
}

/** A gauge of `target` whose values are read when scraped (from the database, say); a failing read leaves it empty and is counted. */
export function scrapedGauge<L extends string>(
  target: Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
  read: () => Promise<{ labels: Record<L, string>; value: number }[]>,
): Gauge<L> {
  return new Gauge({
    name,
    help,
    labelNames,
    registers: [target],
    async collect() {
      this.reset();
      try {
        for (const { labels, value } of await read()) this.set(labels, value);
      } catch {
        scrapeErrors.inc({ metric: name });
      }
    },
  });
}
const scrapeErrors = new Counter({
  name: 'bp_metrics_scrape_errors_total',
  help: 'Metrics that could not be read when scraped',
  labelNames: ['metric'] as const,
  registers: [registry],
});

/** Where this process's Temporal runtime serves the SDK's metrics (a worker), if anywhere. */
let sdkMetricsUrl: string | undefined;

/** Tell the registry where the SDK's own metrics are, to serve them along. */
export function setSdkMetricsAddress(bindAddress: string): void {
  sdkMetricsUrl = `http://${bindAddress}/metrics`;
}

/** The text of a scrape: the project's metrics, those of `more` registries (an API's database gauges), and the SDK's. */
export async function metricsText(more: readonly Registry[] = []): Promise<string> {
  const own = (await Promise.all([registry, ...more].map((r) => r.metrics()))).join('\n');
  if (!sdkMetricsUrl) return own;
  const sdk = await fetch(sdkMetricsUrl, { signal: AbortSignal.timeout(2000) })
    .then((r) => (r.ok ? r.text() : ''))
    .catch(() => '');
  return `${own}\n${sdk}`;
}

/** The content type of the Prometheus text format. */
export const METRICS_CONTENT_TYPE = registry.contentType;

/** Whether a scrape may read the metrics: always without METRICS_TOKEN, with it as the bearer token otherwise. */
export function metricsAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(authorization?.replace(/^Bearer\s+/i, '') ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** A running metrics server of a worker. */
export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Serve `/metrics`, `/healthz` (the process is alive) and `/readyz` (`ready()` says whether it does
 * its work: a worker that is polling) on `port`, for a process without an HTTP API of its own.
 */
export async function startMetricsServer(host: string, port: number, ready: () => boolean, token: string | undefined): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
    } else if (path === '/metrics' && !metricsAllowed(req.headers.authorization, token)) {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('METRICS_TOKEN is set: send it as a bearer token');
    } else if (path === '/metrics') {
      metricsText().then(
        (text) => res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE }).end(text),
        (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(error.message),
      );
    } else if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
    } else if (path === '/readyz') {
      const ok = ready();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ready' : 'not ready' }));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('GET /metrics, /healthz or /readyz');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
