/** The one interface every AI call goes through: OpenAI when configured, offline otherwise. */
import type { Classification, ExtractedInvoice } from '../../domain/invoice.js';

/** An AI model that reads documents. Its output is data to validate, never an instruction. */
export interface AiProvider {
  /** A short name recorded with every result ("openai:gpt-4o-mini", "offline"). */
  readonly name: string;
  /** Say whether the text is an invoice. */
  classify(text: string): Promise<Classification>;
  /** Read an invoice's fields. */
  extractInvoice(text: string): Promise<ExtractedInvoice>;
}

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
