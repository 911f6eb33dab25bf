/** How AI calls fail, in terms of what to do about it (the provider interface is in tasks.ts). */
/** Why an AI call failed, in terms of what to do about it. */
export type AiErrorKind = 'rate_limited' | 'server_error' | 'timeout' | 'connection' | 'bad_request' | 'unauthorized' | 'refusal' | 'malformed_output';

const RETRYABLE: ReadonlySet<AiErrorKind> = new Set(['rate_limited', 'server_error', 'timeout', 'connection']);

/**
 * A failed AI call. `retryable` says whether trying again can help (429, 5xx, timeouts);
 * a bad request, bad credentials, a refusal or output that fails the schema cannot.
 */
export class AiError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly kind: AiErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AiError';
    this.retryable = RETRYABLE.has(kind);
  }
}
