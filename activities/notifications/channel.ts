/** A way to reach people (email, Slack, SMS), and how a delivery on it can fail. */

/** A message to one person at one address. */
export interface Outgoing {
  id: string;
  address: string;
  subject: string;
  body: string;
}

/** A channel the relay delivers on. */
export interface DeliveryChannel {
  readonly name: 'email' | 'slack' | 'sms';
  /**
   * What a delivery cut off mid-send (its relay died before recording the outcome) becomes:
   * `resend` when a second copy is recognisable as the same message and dropped by the receiving
   * side (email: the same Message-ID), `fail` when it is not (a second Slack post or SMS would
   * reach the person twice): failed as in doubt, and the admins told.
   */
  readonly cutOff: 'resend' | 'fail';
  /** Send, or throw a DeliveryError saying whether trying again can help. */
  send(message: Outgoing): Promise<void>;
}

/**
 * A delivery that failed. `retryable` says whether trying again can help (rate limits, server
 * errors, timeouts); a permanent error (a bad address, an archived channel) is never retried.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** How long the service asked us to wait (Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** A Retry-After header (seconds or an HTTP date) in milliseconds. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** An HTTP answer as a delivery outcome: 2xx sent; 429 and 5xx retryable; other 4xx permanent. */
export async function httpOutcome(response: Response, what: string): Promise<void> {
  if (response.ok) return;
  const text = (await response.text().catch(() => '')).slice(0, 300);
  const retryable = response.status === 429 || response.status >= 500;
  throw new DeliveryError(`${what} answered ${response.status}: ${text}`, retryable, retryable ? retryAfterMs(response.headers.get('retry-after')) : undefined);
}

/** A network failure (no answer) is worth trying again. */
export function networkFailure(what: string, error: unknown): DeliveryError {
  return new DeliveryError(`${what} could not be reached: ${error instanceof Error ? error.message : String(error)}`, true);
}
