/**
 * A refusal a user sees: an HTTP status, a stable code, a message for people, the field at fault.
 * Defined here, not in api/, because starting a process refuses too, wherever the start comes from
 * (the API, the e-mail listener): the API answers it as is, other triggers record it.
 */
/** An error that maps to one HTTP response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Seconds a client should wait before trying again (sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
