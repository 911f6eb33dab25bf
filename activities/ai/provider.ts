/** How AI calls fail, in terms of what to do about it (the provider interface is in tasks.ts). */
import { ApplicationFailure } from '@temporalio/activity';
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

/**
 * Turn an AI error into a Temporal failure of type `Ai<Kind>` (AiRateLimited, AiRefusal, ...),
 * non-retryable when retrying cannot help, so Temporal's retry policy does the right thing.
 */
export function aiFailure(error: unknown): never {
  if (error instanceof AiError) {
    const type = `Ai${error.kind.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase())}`;
    throw ApplicationFailure.create({ message: error.message, type, nonRetryable: !error.retryable, cause: error });
  }
  throw error;
}
