/**
 * The alert chain's API: events in (Alertmanager's webhook, generic events), incidents out, and
 * people's actions on them (acknowledge, resolve, lift a suppression), and the routing rules.
 */
import { Router } from 'express';
import { HeartbeatName } from '../../domain/alerts/heartbeat.js';
import { recordBeat } from '../../db/heartbeats.js';
import { alertmanagerEvents, AlertmanagerPayload, GenericEvent, genericAlertEvent } from '../../domain/alerts/event.js';
import { alertStatusQuery, resolveAlertUpdate, unsuppressAlertUpdate } from '../../domain/alerts/messages.js';
import { AlertRouting } from '../../domain/alerts/routing.js';
import { ALERT_ROUTING_KEY, alertRouting } from '../../activities/alerts/activities.js';
import { getAlertRecord, listAlerts } from '../../db/alerts.js';
import { pendingTaskOf } from '../../db/approvals.js';
import { listDeliveries } from '../../db/deliveries.js';
import { putSetting } from '../../db/settings.js';
import { ingestAlertEvents, type IngestResult } from '../alert-service.js';
import { callerOf, requireRole } from '../auth.js';
import { sendAction, sendDecision } from '../decide.js';
import { temporalUiLink, type ApiDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { AlertActionRequest, AlertListQuery } from '../schemas.js';
import { liveOrRecorded } from '../live-read.js';
import { parseOr400 } from '../validate.js';
import { configuredWebhookAuth } from '../webhook-auth.js';

/** Webhook bodies: an Alertmanager group of up to 1000 alerts fits. */
const WEBHOOK_LIMIT = '1mb';

function ingestAnswer(results: IngestResult[]) {
  return { accepted: results.filter((r) => r.status === 'accepted').length, ignored: results.filter((r) => r.status === 'ignored').length, events: results };
}

/** The webhook routes: their own authentication (bearer or signature), mounted before the API's. */
export function alertWebhookRoutes(deps: ApiDeps): Router {
  const router = Router();
  const auth = configuredWebhookAuth(deps, WEBHOOK_LIMIT);

  router.post('/webhooks/alertmanager', ...auth, async (req, res) => {
    const caller = callerOf(req);
    const payload = parseOr400(AlertmanagerPayload, req.body);
    const results = await ingestAlertEvents(deps, alertmanagerEvents(payload, caller.user, new Date().toISOString()), caller);
    res.status(202).json(ingestAnswer(results));
  });

  router.post('/events', ...auth, async (req, res) => {
    const caller = callerOf(req);
    const event = parseOr400(GenericEvent, req.body);
    const results = await ingestAlertEvents(deps, [genericAlertEvent(event, caller.user, new Date().toISOString())], caller);
    res.status(202).json(ingestAnswer(results));
  });

  // A beat of a heartbeat: a heartbeat-check schedule raises an alert when beats stop.
  router.post('/heartbeats/:name', ...auth, async (req, res) => {
    const caller = callerOf(req);
    const parsed = HeartbeatName.safeParse(req.params.name);
    if (!parsed.success) throw new HttpError(400, 'invalid_request', `name: ${parsed.error.issues[0]?.message ?? 'invalid'}`, 'name');
    const name = parsed.data;
    const beat = await recordBeat(deps.db, name, caller.user);
    res.status(202).json(beat);
  });
  return router;
}

/** The incident and routing routes (behind the API's bearer authentication). */
export function alertRoutes(deps: ApiDeps): Router {
  const { db, client } = deps;
  const router = Router();
  const links = (a: { id: string; workflowId: string }) => ({
    self: `/api/alerts/${encodeURIComponent(a.id)}`,
    temporalUi: temporalUiLink(deps.config, a.workflowId),
  });

  const incident = async (id: string) => {
    const record = await getAlertRecord(db, id);
    if (!record) throw new HttpError(404, 'not_found', `No alert incident ${id}.`, 'id');
    return record;
  };

  router.get('/alerts', async (req, res) => {
    const query = parseOr400(AlertListQuery, req.query, 'query');
    const page = await listAlerts(db, query);
    res.json({ ...page, items: page.items.map((a) => ({ ...a, links: links(a) })) });
  });

  router.get('/alerts/:id', async (req, res) => {
    const record = await incident(String(req.params.id));
    // The incident's latest run (it may have continued as new since it last recorded), unless
    // the workflow id has moved on to a newer incident: then the run that recorded last.
    const query = (runId?: string) => client.workflow.getHandle(record.workflowId, runId).query(alertStatusQuery);
    const read = await liveOrRecorded(
      deps,
      record,
      async () => {
        const latest = await query();
        return latest.id === record.state.id ? latest : query(record.runId);
      },
      `alert ${record.state.id}`,
    );
    const state = read.state;
    const deliveries = await listDeliveries(db, { workflowId: record.workflowId, since: state.createdAt, limit: 200, offset: 0 });
    res.json({ ...state, deliveries: deliveries.items, readFrom: read.readFrom, ...(read.asOf && { asOf: read.asOf }), links: links(state) });
  });

  router.post('/alerts/:id/acknowledge', async (req, res) => {
    const caller = callerOf(req);
    const body = parseOr400(AlertActionRequest, req.body);
    const record = await incident(String(req.params.id));
    const task = await pendingTaskOf(db, record.workflowId, 'acknowledge');
    if (!task || !task.id.includes(record.state.id)) {
      const status = record.state.status;
      const why =
        status === 'acknowledged'
          ? `Already acknowledged by ${record.state.details.acknowledgement?.by ?? 'someone'}.`
          : status === 'resolved'
            ? 'Already resolved.'
            : status === 'suppressed'
              ? 'The incident is suppressed as noise: nobody is paged, so there is nothing to acknowledge.'
              : 'Nobody is being paged for it yet (triage or the pause before paging).';
      throw new HttpError(409, status === 'open' ? 'not_paging' : `already_${status}`, why);
    }
    await sendDecision(deps, task, caller, { decision: 'acknowledge', comment: body.note });
    res.status(202).json({ id: record.state.id, workflowId: record.workflowId, status: 'acknowledged', by: caller.user });
  });

  router.post('/alerts/:id/resolve', requireRole('oncall', 'oncall_lead', 'integration'), async (req, res) => {
    const caller = callerOf(req);
    const body = parseOr400(AlertActionRequest, req.body);
    const record = await incident(String(req.params.id));
    await sendAction(deps, { workflowId: record.workflowId, subject: record.state.id }, resolveAlertUpdate, caller, 'resolve', body.note);
    res.status(202).json({ id: record.state.id, workflowId: record.workflowId, status: 'resolved', by: caller.user });
  });

  router.post('/alerts/:id/unsuppress', requireRole('admin'), async (req, res) => {
    const caller = callerOf(req);
    const body = parseOr400(AlertActionRequest, req.body);
    const record = await incident(String(req.params.id));
    await sendAction(deps, { workflowId: record.workflowId, subject: record.state.id }, unsuppressAlertUpdate, caller, 'unsuppress', body.note);
    res.status(202).json({ id: record.state.id, workflowId: record.workflowId, status: 'open', by: caller.user });
  });

  router.get('/alert-routes', requireRole('admin'), async (_req, res) => {
    const { value, updatedBy, updatedAt } = await alertRouting(deps);
    res.json({ ...value, updatedBy, updatedAt });
  });

  router.put('/alert-routes', requireRole('admin'), async (req, res) => {
    const caller = callerOf(req);
    const routing = parseOr400(AlertRouting, req.body);
    await putSetting(db, ALERT_ROUTING_KEY, routing, caller.user);
    const { value, updatedBy, updatedAt } = await alertRouting(deps);
    res.json({ ...value, updatedBy, updatedAt });
  });

  return router;
}
