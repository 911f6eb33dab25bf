/**
 * `GET /metrics` (Prometheus text): the process's metrics, and gauges read from the database when
 * scraped: runs by process and status, open human tasks by process, kind and role with the age of
 * the oldest, and the outbox's backlog by channel. Every API replica reports the same database
 * figures: dashboards take their max, not their sum. Open, unless METRICS_TOKEN is set.
 */
import { Router } from 'express';
import { Registry } from 'prom-client';
import { METRICS_CONTENT_TYPE, metricsAllowed, metricsText, scrapedGauge } from '../../config/metrics.js';
import { countRuns } from '../../db/runs.js';
import type { Db } from '../../db/connect.js';
import type { ApiDeps } from '../deps.js';
import { HttpError } from '../errors.js';

/** The database gauges of one API (a registry of its own: a test process runs several APIs). */
function databaseGauges(db: Db): Registry {
  const registry = new Registry();
  scrapedGauge(registry, 'bp_runs', 'Process runs in the register, by process and business status', ['process', 'status'], async () =>
    (await countRuns(db)).map((r) => ({ labels: { process: r.process, status: r.status }, value: r.count })),
  );
  // Both task gauges come from one query per scrape.
  let tasks: Promise<{ process: string; kind: string; required_role: string; open: number; oldest: string | null }[]> | undefined;
  const openTasks = () =>
    (tasks ??= db
      .selectFrom('approval_tasks')
      .select(['process', 'kind', 'required_role', (eb) => eb.fn.countAll<number>().as('open'), (eb) => eb.fn.min('created_at').as('oldest')])
      .where('status', '=', 'pending')
      .groupBy(['process', 'kind', 'required_role'])
      .execute()
      .finally(() => setTimeout(() => (tasks = undefined), SCRAPE_MS).unref()));
  const byTask = (value: (t: Awaited<ReturnType<typeof openTasks>>[number]) => number) => async () =>
    (await openTasks()).map((t) => ({ labels: { process: t.process, kind: t.kind, role: t.required_role }, value: value(t) }));
  scrapedGauge(
    registry,
    'bp_human_tasks_open',
    'Human tasks waiting for a decision, by process, kind and role',
    ['process', 'kind', 'role'],
    byTask((t) => Number(t.open)),
  );
  scrapedGauge(
    registry,
    'bp_human_task_oldest_age_seconds',
    'Age of the oldest human task waiting for a decision, by process, kind and role',
    ['process', 'kind', 'role'],
    byTask((t) => Math.max(0, (Date.now() - Date.parse(String(t.oldest))) / 1000)),
  );
  scrapedGauge(
    registry,
    'bp_notification_deliveries_pending',
    'Deliveries in the outbox not yet sent (pending or being sent), by channel',
    ['channel'],
    async () =>
      (
        await db
          .selectFrom('deliveries')
          .select(['channel', (eb) => eb.fn.countAll<number>().as('n')])
          .where('status', 'in', ['pending', 'sending'])
          .groupBy('channel')
          .execute()
      ).map((r) => ({ labels: { channel: r.channel }, value: Number(r.n) })),
  );
  return registry;
}

/** How long one scrape's reads are shared between its gauges. */
const SCRAPE_MS = 1000;

/** The metrics route. */
export function metricsRoutes(deps: ApiDeps): Router {
  const router = Router();
  const gauges = databaseGauges(deps.db);
  router.get('/metrics', async (req, res) => {
    if (!metricsAllowed(req.headers.authorization, deps.config.metrics.token))
      throw new HttpError(401, 'unauthenticated', 'METRICS_TOKEN is set: send it as a bearer token.');
    res.type(METRICS_CONTENT_TYPE).send(await metricsText([gauges]));
  });
  return router;
}
