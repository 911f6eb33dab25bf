/** Health: is Temporal reachable, is the database answering. No token needed. */
import { Router } from 'express';
import { sql } from 'kysely';
import type { ApiDeps } from '../deps.js';

/** The health route. */
export function healthRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const { address, namespace } = deps.config.temporal;
    const temporal = await deps.client.connection
      .withDeadline(Date.now() + 3000, () => deps.client.workflowService.getSystemInfo({}))
      .then(() => ({ ok: true, address, namespace }))
      .catch((error: Error) => ({ ok: false, address, namespace, error: error.message }));
    const database = await sql`select 1 as one`
      .execute(deps.db)
      .then(() => ({ ok: true }))
      .catch((error: Error) => ({ ok: false, error: error.message }));
    const ok = temporal.ok && database.ok;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', temporal, database });
  });
  return router;
}
