/** The run register: runs of every process, newest first. Any authenticated role may list them. */
import { Router } from 'express';
import { countRuns, listRuns } from '../../db/runs.js';
import { temporalUiLink, type ApiDeps } from '../deps.js';
import { RunListQuery } from '../schemas.js';
import { parseOr400 } from '../validate.js';

/** Where each process's own API shows one of its runs. */
export const RUN_PATHS: Record<string, (id: string) => string> = {
  invoice: (id) => `/api/invoices/${encodeURIComponent(id)}`,
  alert: (id) => `/api/alerts/${encodeURIComponent(id)}`,
  lead: (id) => `/api/leads/${encodeURIComponent(id)}`,
  'lead-list': (id) => `/api/lead-lists/${encodeURIComponent(id)}`,
  content: (id) => `/api/content/${encodeURIComponent(id)}`,
};

/** The runs route. */
export function runRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.get('/runs/counts', async (_req, res) => {
    res.json({ counts: await countRuns(deps.db) });
  });
  router.get('/runs', async (req, res) => {
    const query = parseOr400(RunListQuery, req.query, 'query');
    const page = await listRuns(deps.db, query);
    res.json({
      ...page,
      items: page.items.map((run) => ({
        ...run,
        links: { self: RUN_PATHS[run.process]?.(run.id) ?? `/api/runs?process=${run.process}`, temporalUi: temporalUiLink(deps.config, run.workflowId) },
      })),
    });
  });
  return router;
}
