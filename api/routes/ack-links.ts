/**
 * The acknowledge link in every page: GET shows what it is about and a button; only the POST the
 * button sends acknowledges. Link previews and mail scanners fetch with GET, so they never do.
 * The signed token names the person; their roles are the people directory's at the moment of acting.
 */
import { Router, type Response } from 'express';
import { verifyTaskLink, type TaskLink } from '../../activities/human-tasks/links.js';
import type { ApprovalTaskView } from '../../domain/approval.js';
import { getApprovalTask } from '../../db/approvals.js';
import { getPerson } from '../../db/people.js';
import { sendDecision } from '../decide.js';
import type { ApiDeps } from '../deps.js';
import { HttpError } from '../errors.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(res: Response, status: number, title: string, body: string): void {
  res
    .status(status)
    .type('html')
    .set('Cache-Control', 'no-store')
    .set('Referrer-Policy', 'no-referrer')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>` +
        `<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}button{font-size:1.1rem;padding:.6rem 1.4rem;cursor:pointer}</style></head>` +
        `<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
    );
}

const REFUSED = {
  malformed: 'This link is not valid.',
  forged: 'This link is not valid.',
  expired: 'This link has expired; acknowledge in the inbox instead.',
};

/** The acknowledge-link pages (no bearer token: the signed link is the credential). */
export function ackLinkRoutes(deps: ApiDeps): Router {
  const router = Router();

  type Found = { link: TaskLink; task: ApprovalTaskView } | { error: string; status: number };
  const resolveLink = async (token: string): Promise<Found> => {
    const verified = verifyTaskLink(deps.config.decisionSigningKey, token);
    if (!verified.ok) return { error: REFUSED[verified.reason], status: verified.reason === 'expired' ? 410 : 403 };
    const task = await getApprovalTask(deps.db, verified.link.taskId);
    if (!task || task.workflowId !== verified.link.workflowId) return { error: 'The task behind this link no longer exists.', status: 404 };
    return { link: verified.link, task };
  };

  router.get('/ack/:token', async (req, res) => {
    const found = await resolveLink(req.params.token);
    if ('error' in found) return page(res, found.status, 'Link refused', `<p>${escapeHtml(found.error)}</p>`);
    const { task, link } = found;
    if (task.status !== 'pending') {
      return page(
        res,
        200,
        'Nothing to do',
        `<p>${escapeHtml(task.subject)}</p><p>This is already <strong>${escapeHtml(task.status)}</strong>${task.decidedBy ? ` by ${escapeHtml(task.decidedBy)}` : ''}.</p>`,
      );
    }
    page(
      res,
      200,
      'Acknowledge this alert?',
      `<p><strong>${escapeHtml(task.subject)}</strong></p><p>Acknowledging tells everyone you are on it, and stops the escalation. You are acknowledging as <strong>${escapeHtml(link.user)}</strong>.</p>` +
        `<form method="post"><button type="submit">Acknowledge</button></form>`,
    );
  });

  router.post('/ack/:token', async (req, res) => {
    const found = await resolveLink(req.params.token);
    if ('error' in found) return page(res, found.status, 'Link refused', `<p>${escapeHtml(found.error)}</p>`);
    const { task, link } = found;
    const person = await getPerson(deps.db, link.user);
    if (!person) return page(res, 403, 'Link refused', '<p>The person this link was sent to is no longer in the directory.</p>');
    try {
      await sendDecision(deps, task, { user: person.user, roles: person.roles }, { decision: 'acknowledge', comment: 'Acknowledged from the link in a page' });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return page(res, error.status, 'Not acknowledged', `<p>${escapeHtml(error.message)}</p>`);
    }
    page(
      res,
      200,
      'Acknowledged',
      `<p>${escapeHtml(task.subject)}</p><p>Acknowledged by <strong>${escapeHtml(person.user)}</strong>. Escalation has stopped.</p>`,
    );
  });

  return router;
}
