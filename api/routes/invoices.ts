/** Submitting invoices and reading their state. */
import express, { Router, type Request, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { DOCUMENT_CONTENT_TYPES, type DocumentContentType } from '../../domain/invoice.js';
import type { InvoiceState, InvoiceWorkflowInput } from '../../domain/invoice-state.js';
import { invoiceWorkflowId } from '../../domain/ids.js';
import { invoiceStatusQuery } from '../../domain/messages.js';
import { getInvoice, listInvoices } from '../../db/invoices.js';
import { callerOf, requireRole } from '../auth.js';
import { temporalUiLink, type ApiDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { submitInvoice } from '../../activities/invoice/submit.js';
import { InvoiceListQuery, SubmitInvoiceJson } from '../schemas.js';
import { idempotencyKey } from '../idempotency.js';
import { parseOr400 } from '../validate.js';

interface Upload {
  content: Uint8Array;
  contentType: DocumentContentType;
  filename: string | undefined;
  source: InvoiceWorkflowInput['source'];
}

function readUpload(req: Request): Upload {
  const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    const body = parseOr400(SubmitInvoiceJson, req.body);
    return { content: Buffer.from(body.text, 'utf8'), contentType: 'text/plain', filename: body.filename, source: 'api' };
  }
  if ((DOCUMENT_CONTENT_TYPES as readonly string[]).includes(type)) {
    const content = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (content.byteLength === 0) throw new HttpError(400, 'empty_document', 'The uploaded document is empty.', 'body');
    const filename = req.get('x-filename') ?? undefined;
    return { content, contentType: type as DocumentContentType, filename, source: type === 'message/rfc822' ? 'email' : 'upload' };
  }
  throw new HttpError(
    415,
    'unsupported_media_type',
    `Send the invoice as application/json ({"text": "..."}) or as a raw ${DOCUMENT_CONTENT_TYPES.join(', ')} body.`,
    'Content-Type',
  );
}

/**
 * At most `max` document bodies are received at once, so what the API holds in memory for uploads
 * is bounded (max x MAX_DOCUMENT_MB). Others wait their turn, their bodies unread (the network
 * holds them back), for up to `waitMs`; then they get 503 with Retry-After.
 */
function uploadSlots(max: number, waitMs: number): RequestHandler {
  let inUse = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else inUse--;
  };
  return (req, res, next) => {
    const enter = () => {
      let released = false;
      const done = () => {
        if (!released) {
          released = true;
          release();
        }
      };
      res.once('finish', done);
      res.once('close', done);
      next();
    };
    if (inUse < max) {
      inUse++;
      enter();
      return;
    }
    const turn = () => {
      clearTimeout(timer);
      req.off('close', gaveUp);
      enter();
    };
    const gaveUp = () => {
      clearTimeout(timer);
      const at = waiting.indexOf(turn);
      if (at >= 0) waiting.splice(at, 1);
    };
    const timer = setTimeout(() => {
      gaveUp();
      next(new HttpError(503, 'too_many_uploads', `The API is receiving ${max} documents already; try again in a moment.`, undefined, 1));
    }, waitMs);
    req.once('close', gaveUp);
    waiting.push(turn);
  };
}

/** The invoice routes. */
export function invoiceRoutes(deps: ApiDeps): Router {
  const { config, db, client } = deps;
  const router = Router();
  const links = (id: string) => ({ self: `/api/invoices/${id}`, temporalUi: temporalUiLink(config, invoiceWorkflowId(id)) });

  const documentBody = [
    express.raw({ type: [...DOCUMENT_CONTENT_TYPES], limit: config.http.maxDocumentBytes }),
    express.json({ limit: config.http.maxDocumentBytes }),
  ];
  // Per submitter, so one user's script cannot crowd out everyone else's submissions.
  const submissions = rateLimit({
    windowMs: 60_000,
    limit: config.limits.submissionsPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => callerOf(req).user,
    handler: (_req, _res, next) =>
      next(new HttpError(429, 'too_many_submissions', `At most ${config.limits.submissionsPerMinute} submissions a minute per user; wait and try again.`)),
  });

  router.post(
    '/invoices',
    requireRole('ap_clerk'),
    submissions,
    uploadSlots(config.limits.concurrentUploads, config.limits.uploadWaitMs),
    ...documentBody,
    async (req, res) => {
      const caller = callerOf(req);
      const key = idempotencyKey(req, caller.user);
      const upload = readUpload(req);
      const { invoice, created } = await submitInvoice(deps, {
        ...upload,
        submittedBy: caller.user,
        idempotencyKey: key,
      });
      deps.logger.info(
        { invoiceId: invoice.id, workflowId: invoice.workflowId, source: upload.source },
        created ? 'invoice submitted' : 'invoice submitted again with the same Idempotency-Key; returning the first',
      );
      // A repeat returns the stored invoice as it stands now (registerInvoice read it).
      res.status(created ? 202 : 200).json({ id: invoice.id, workflowId: invoice.workflowId, status: invoice.status, links: links(invoice.id) });
    },
  );

  router.get('/invoices', async (req, res) => {
    const query = parseOr400(InvoiceListQuery, req.query, 'query');
    const page = await listInvoices(db, query);
    res.json({ ...page, items: page.items.map((i) => ({ ...i, links: links(i.id) })) });
  });

  router.get('/invoices/:id', async (req, res) => {
    const invoice = await getInvoice(db, req.params.id);
    if (!invoice) throw new HttpError(404, 'not_found', `No invoice ${req.params.id}.`, 'id');
    try {
      // A query needs a worker; without one, answer from the register after a few seconds.
      const state: InvoiceState = await client.connection.withDeadline(Date.now() + 5000, () =>
        client.workflow.getHandle(invoice.workflowId).query(invoiceStatusQuery),
      );
      res.json({ ...state, links: links(invoice.id), readFrom: 'workflow' });
    } catch (error) {
      // Temporal or the worker is unreachable: answer from the register rather than not at all.
      deps.logger.warn({ err: error, workflowId: invoice.workflowId }, 'status query failed; answering from the register');
      res.json({
        ...invoice,
        process: 'invoice',
        links: links(invoice.id),
        readFrom: 'register',
        asOf: invoice.updatedAt,
        note: 'Temporal or a worker did not answer within 5 s; this is the state the workflow last recorded (at asOf).',
      });
    }
  });

  return router;
}
