/** AI with a fallback: a step runs on the configured model and, if the model fails for good, offline. */
import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';
import type { Activities, ProviderChoice } from '../../activities/index.js';
import { modelStep, offlineReaderStep } from './profiles.js';

/**
 * What made a model step fail, when it was the model: an `Ai*` failure (rate limits past their
 * retries, a refusal, output that does not fit) or a model that never answered. Anything else (a
 * missing document, a bug) is not the model's doing, and no fallback would fix it.
 */
export function modelFailure(error: unknown): string | undefined {
  // A remote activity's failure wraps its cause; a local activity's arrives as the cause itself.
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.type?.startsWith('Ai')) return `${cause.type}: ${cause.message}`;
  if (cause instanceof TimeoutFailure) return `TimedOut: ${cause.message}`;
  return undefined;
}

/**
 * Run a step on the configured model; if the model fails for good, on the offline provider, and
 * tell `onFallback` why (the process records it). Other failures pass through. `primary` is how the
 * model step runs (modelStep, or a local profile when the model runs in the worker's process).
 */
export async function withModelFallback<T>(
  what: string,
  onFallback: (message: string) => void,
  call: (steps: Activities, provider: ProviderChoice) => Promise<T>,
  primary: Activities = modelStep,
): Promise<T> {
  try {
    return await call(primary, 'primary');
  } catch (error) {
    const failure = modelFailure(error);
    if (failure === undefined) throw error;
    onFallback(`The AI model could not ${what} (${failure}); the offline implementation did it instead.`);
    return call(offlineReaderStep, 'fallback');
  }
}
