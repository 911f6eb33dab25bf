/**
 * Who may send events: a bearer token of a person with the `integration` role (Alertmanager's
 * `http_config.authorization` sends one), or an HMAC-SHA256 signature of the body with a timestamp
 * (`X-Signature: sha256=<hex>` over `<X-Timestamp>.<body>`, keyed with WEBHOOK_SECRET, or with the secret of the source named in `X-Webhook-Source`, WEBHOOK_SECRETS). A signed
 * request older or newer than five minutes is refused, and so is a signature seen before within
 * that window (a replay).
 */
import { timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler } from 'express';
import type { AppConfig } from '../config/index.js';
import { tokenTable, type Identity } from '../config/tokens.js';
import type { Db } from '../db/connect.js';
import { authenticate, requireRole } from './auth.js';
import { HttpError } from './errors.js';
import { webhookSignature } from '../activities/notifications/webhook-signature.js';

/** How far a signed request's timestamp may be from now. */
export const REPLAY_WINDOW_MS = 5 * 60_000;

/** The user signed webhooks act as. */
export const SIGNED_WEBHOOK_USER = 'signed-webhook';

export { webhookSignature };

/** Signatures seen within the replay window (one API process's memory; dedup makes a replay harmless anyway). */
class SeenSignatures {
  private readonly seen = new Map<string, number>();
  add(signature: string, now: number): boolean {
    for (const [s, at] of this.seen) {
      if (at > now - REPLAY_WINDOW_MS) break;
      this.seen.delete(s);
    }
    if (this.seen.has(signature)) return false;
    this.seen.set(signature, now);
    return true;
  }
}

/** Authenticate a webhook and parse its JSON body (read raw, so a signature covers its exact bytes). */
export function webhookAuth(options: {
  tokens: Map<string, Identity>;
  db: Db;
  secret: string | undefined;
  /** Per-source secrets: a request naming its source in X-Webhook-Source is checked with that source's. */
  secrets: Map<string, string>;
  limit: string;
}): RequestHandler[] {
  /** The secret a signed request is checked with: its source's, or the shared one. */
  const secretFor = (source: string | undefined): string | undefined => (source ? options.secrets.get(source) : options.secret);
  const bearer = authenticate(options.tokens, options.db);
  const integration = requireRole('integration');
  const seen = new SeenSignatures();
  const raw = express.raw({ type: () => true, limit: options.limit });

  const check: RequestHandler = (req, res, next) => {
    // Express 5 sees the returned promise: a refusal in either step becomes the error answer.
    if (req.get('authorization')) return bearer(req, res, (error?: unknown) => (error ? next(error) : integration(req, res, next)));
    if (!req.get('x-signature'))
      throw new HttpError(401, 'unauthenticated', 'Send an Authorization: Bearer <token> header, or sign the body (X-Signature, X-Timestamp).');
    const source = req.get('x-webhook-source');
    if (source !== undefined && !options.secrets.has(source)) {
      throw new HttpError(401, 'unknown_source', `No secret is configured for the source "${source}" (WEBHOOK_SECRETS).`, 'X-Webhook-Source');
    }
    if (!secretFor(source)) throw new HttpError(401, 'unauthenticated', 'Signed webhooks are not enabled here (WEBHOOK_SECRET is unset); send a bearer token.');
    next();
  };

  const verify: RequestHandler = (req, _res, next) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!req.caller) {
      const signature = req.get('x-signature') ?? '';
      const timestamp = req.get('x-timestamp') ?? '';
      const now = Date.now();
      if (!/^\d{9,11}$/.test(timestamp)) throw new HttpError(401, 'bad_signature', 'X-Timestamp must be the time of sending in Unix seconds.', 'X-Timestamp');
      if (Math.abs(now - Number(timestamp) * 1000) > REPLAY_WINDOW_MS) {
        throw new HttpError(401, 'stale_signature', 'X-Timestamp is more than 5 minutes from now: sign each request when sending it.', 'X-Timestamp');
      }
      const source = req.get('x-webhook-source');
      const expected = Buffer.from(webhookSignature(secretFor(source) ?? '', timestamp, body));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
        throw new HttpError(
          401,
          'bad_signature',
          'X-Signature is not sha256=<hex HMAC-SHA256 of "<X-Timestamp>.<body>" with the secret of X-Webhook-Source (WEBHOOK_SECRETS) or WEBHOOK_SECRET>.',
          'X-Signature',
        );
      }
      if (!seen.add(signature, now)) throw new HttpError(401, 'replayed_signature', 'This signed request was received before (a replay).', 'X-Signature');
      req.caller = { user: source ? `${SIGNED_WEBHOOK_USER}:${source}` : SIGNED_WEBHOOK_USER, roles: ['integration'] };
    }
    try {
      // An empty body is an empty object (a heartbeat is often a bare POST).
      req.body = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as unknown);
    } catch {
      throw new HttpError(400, 'malformed_json', 'The request body is not valid JSON.', 'body');
    }
    next();
  };

  return [check, raw, verify];
}

/** The webhook check as configured: the API's tokens, WEBHOOK_SECRET and WEBHOOK_SECRETS; bodies up to `limit`. */
export function configuredWebhookAuth(deps: { config: AppConfig; db: Db }, limit: string): RequestHandler[] {
  return webhookAuth({
    tokens: tokenTable(deps.config.authTokens, deps.config.env),
    db: deps.db,
    secret: deps.config.alerts.webhookSecret,
    secrets: deps.config.alerts.webhookSecrets,
    limit,
  });
}
