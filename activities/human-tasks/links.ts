/**
 * Acknowledge links: a signed, expiring link per person and task, sent in every page. Its GET shows
 * a confirmation page and only its POST acts, so link previews and mail scanners never acknowledge.
 * The token carries the workflow, task, user and expiry, with an HMAC-SHA256 over them keyed with
 * DECISION_SIGNING_KEY (for this purpose only: the text signed starts with "task-link").
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const LinkClaims = z.object({ w: z.string(), t: z.string(), u: z.string(), e: z.number() });

/** Who a link is for and what it may do. */
export interface TaskLink {
  workflowId: string;
  taskId: string;
  user: string;
  expiresAt: number;
}

function mac(key: string, payload: string): Buffer {
  return createHmac('sha256', key).update(`task-link:${payload}`).digest();
}

/** The token of a link. */
export function signTaskLink(key: string, link: TaskLink): string {
  const payload = Buffer.from(JSON.stringify({ w: link.workflowId, t: link.taskId, u: link.user, e: link.expiresAt })).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** Why a link's token is refused, or the link it names. */
export function verifyTaskLink(
  key: string,
  token: string,
  now = Date.now(),
): { ok: true; link: TaskLink } | { ok: false; reason: 'malformed' | 'forged' | 'expired' } {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let claims: z.infer<typeof LinkClaims>;
  try {
    claims = LinkClaims.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (claims.e <= now) return { ok: false, reason: 'expired' };
  return { ok: true, link: { workflowId: claims.w, taskId: claims.t, user: claims.u, expiresAt: claims.e } };
}
