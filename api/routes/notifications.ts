/** Deliveries of the outbox: what was sent to whom on which channel, and how it went (admin). */
import { Router } from 'express';
import { listDeliveries } from '../../db/deliveries.js';
import { requireRole } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { NotificationListQuery } from '../schemas.js';
import { parseOr400 } from '../validate.js';

/** The notifications route. */
export function notificationRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.get('/notifications', requireRole('admin'), async (req, res) => {
    res.json(await listDeliveries(deps.db, parseOr400(NotificationListQuery, req.query, 'query')));
  });
  return router;
}
