/**
 * Content production: submit a brief, read pieces (live from their runs), what was published,
 * cancel a scheduled publication, and the house style.
 */
import express, { Router } from 'express';
import { CONTENT_STYLE_KEY } from '../../activities/content/activities.js';
import { submitContent } from '../../activities/content/submit.js';
import { getContentRecord, listContent, publicationsOf } from '../../db/content.js';
import { getSetting, putSetting } from '../../db/settings.js';
import { ContentBrief } from '../../domain/content/brief.js';
import { cancelPublicationUpdate, contentStatusQuery } from '../../domain/content/messages.js';
import { contentWorkflowId } from '../../domain/content/rules.js';
import { ContentStyle, DEFAULT_STYLE } from '../../domain/content/style.js';
import { callerOf, requireRole } from '../auth.js';
import { sendAction } from '../decide.js';
import { temporalUiLink, type ApiDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { idempotencyKey } from '../idempotency.js';
import { liveOrRecorded } from '../live-read.js';
import { ContentCancelRequest, ContentListQuery } from '../schemas.js';
import { parseOr400 } from '../validate.js';

/** Who writes briefs: the marketing team's editors, and machines (a CMS, a planning tool). */
const SUBMITTERS = ['editor', 'managing_editor', 'integration'] as const;
/** Who reads pieces and cancels publications. */
const EDITORS = ['editor', 'managing_editor'] as const;

const contentLinks = (deps: ApiDeps, id: string) => ({
  self: `/api/content/${encodeURIComponent(id)}`,
  published: `/api/content/${encodeURIComponent(id)}/published`,
  temporalUi: temporalUiLink(deps.config, contentWorkflowId(id)),
});

/** The content routes (behind the API's bearer authentication). */
export function contentRoutes(deps: ApiDeps): Router {
  const { db, client } = deps;
  const router = Router();

  router.post('/content', requireRole(...SUBMITTERS), express.json({ limit: '200kb' }), async (req, res) => {
    const caller = callerOf(req);
    const brief = parseOr400(ContentBrief, req.body);
    const result = await submitContent(deps, { brief, submittedBy: caller.user, idempotencyKey: idempotencyKey(req, caller.user) });
    deps.logger.info(
      { content: result.id, workflowId: result.workflowId },
      result.created ? 'brief submitted' : 'brief submitted again with the same Idempotency-Key',
    );
    res.status(result.created ? 202 : 200).json({ ...result, links: contentLinks(deps, result.id) });
  });

  router.get('/content', requireRole(...EDITORS), async (req, res) => {
    const query = parseOr400(ContentListQuery, req.query, 'query');
    const page = await listContent(db, query);
    res.json({ ...page, items: page.items.map((c) => ({ ...c, links: contentLinks(deps, c.id) })) });
  });

  const record = async (id: string) => {
    const found = await getContentRecord(db, id);
    if (!found) throw new HttpError(404, 'not_found', `No content ${id}.`, 'id');
    return found;
  };

  router.get('/content/:id', requireRole(...EDITORS), async (req, res) => {
    const id = String(req.params.id);
    const found = await record(id);
    const read = await liveOrRecorded(deps, found, () => client.workflow.getHandle(found.workflowId, found.runId).query(contentStatusQuery), `content ${id}`);
    res.json({ ...read.state, readFrom: read.readFrom, ...(read.asOf && { asOf: read.asOf }), links: contentLinks(deps, id) });
  });

  // What was published, per platform: the project's own store (or what the CMS answered).
  router.get('/content/:id/published', requireRole(...EDITORS), async (req, res) => {
    const id = String(req.params.id);
    await record(id);
    const items = (await publicationsOf(db, id)).map(({ contentId: _id, ...p }) => ({ ...p, target: p.target as 'store' | 'cms' }));
    res.json({ id, items });
  });

  router.post('/content/:id/cancel-publication', requireRole(...EDITORS), express.json(), async (req, res) => {
    const caller = callerOf(req);
    const body = parseOr400(ContentCancelRequest, req.body ?? {});
    const found = await record(String(req.params.id));
    const state = await sendAction(deps, { workflowId: found.workflowId }, cancelPublicationUpdate, caller, 'cancel_publication', body.note);
    res.json({ ...state, readFrom: 'workflow', links: contentLinks(deps, state.id) });
  });

  router.get('/content-style', requireRole(...EDITORS), async (_req, res) => {
    res.json(await getSetting(db, CONTENT_STYLE_KEY, ContentStyle, DEFAULT_STYLE));
  });

  router.put('/content-style', requireRole('managing_editor'), express.json({ limit: '200kb' }), async (req, res) => {
    const caller = callerOf(req);
    const style = parseOr400(ContentStyle, req.body);
    await putSetting(db, CONTENT_STYLE_KEY, style, caller.user);
    deps.logger.info({ by: caller.user, rules: style.rules.length }, 'house style set');
    res.json(await getSetting(db, CONTENT_STYLE_KEY, ContentStyle, DEFAULT_STYLE));
  });

  return router;
}
