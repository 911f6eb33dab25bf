/**
 * The HMAC scheme of every signed webhook, in and out: `X-Signature: sha256=<hex>` over
 * `<X-Timestamp>.<body>`, keyed with the shared secret. Inbound webhooks (alerts, lead forms) are
 * checked with it; outbound ones (the CMS a piece is published to) are signed with it.
 */
import { createHmac } from 'node:crypto';

/** The signature of a body sent at `timestamp` (seconds), as X-Signature carries it. */
export function webhookSignature(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}
