/**
 * Health: is Temporal reachable, is the database answering, and are workers polling the task
 * queue (without them nothing moves, though the API still answers). No token needed.
 */
import { Router } from 'express';
import { sql } from 'kysely';
import type { ApiDeps } from '../deps.js';

/** Workers that polled within this long count as polling. */
const RECENT_POLL_MS = 60_000;

/** The health route. */
export function healthRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const { address, namespace, taskQueue } = deps.config.temporal;
    const withDeadline = <T>(fn: () => Promise<T>) => deps.client.connection.withDeadline(Date.now() + 3000, fn);
    const temporal = await withDeadline(() => deps.client.workflowService.getSystemInfo({}))
      .then(() => ({ ok: true, address, namespace }))
      .catch((error: Error) => ({ ok: false, address, namespace, error: error.message }));
    const database = await sql`select 1 as one`
      .execute(deps.db)
      .then(() => ({ ok: true }))
      .catch((error: Error) => ({ ok: false, error: error.message }));
    const workers = await withDeadline(() => deps.client.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue } }))
      .then(({ pollers }) => {
        const times = (pollers ?? []).map((p) => Number(p.lastAccessTime?.seconds ?? 0) * 1000 + Math.floor((p.lastAccessTime?.nanos ?? 0) / 1e6));
        const lastPollAt = times.length > 0 ? Math.max(...times) : undefined;
        return {
          ok: lastPollAt !== undefined && Date.now() - lastPollAt < RECENT_POLL_MS,
          taskQueue,
          ...(lastPollAt !== undefined && { lastPollAt: new Date(lastPollAt).toISOString() }),
        };
      })
      .catch((error: Error) => ({ ok: false, taskQueue, error: error.message }));
    const ok = temporal.ok && database.ok;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', temporal, database, workers });
  });
  return router;
}
