/**
 * Named activity profiles: how long each kind of step may take and how it is retried. Timeouts are
 * sized to what a step does, so the work of a worker that died mid-step is picked up by another
 * within seconds: database steps take milliseconds (15 s is generous), and the long steps (reading
 * a document, asking a model) heartbeat every few seconds and are retried after 10 s of silence.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';

/** Reads and writes of the application database: quick, retried for a while when it is busy. */
export const databaseStep = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});

/** Reading a document (PDF, email) on the worker's parser threads. */
export const documentStep = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/**
 * Asking the configured AI model: it can be slow or rate limited (retried with backoff); a bad
 * request, a refusal or output that fails the schema is non-retryable and leads to the fallback.
 */
export const modelStep = proxyActivities<Activities>({
  startToCloseTimeout: '3 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});

/** The offline reader, when the model failed for good: local and deterministic, few attempts. */
export const offlineReaderStep = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 3 },
});

/** Opening, reminding, escalating and closing people's tasks: a few database writes each. */
export const inboxStep = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});

/**
 * Short reads and writes of the application database done inside the workflow's own task: no round
 * trip through the server's task queue (a lead of a 10,000-row list records in milliseconds).
 */
export const localDatabaseStep = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 20 },
});

/**
 * A third-party provider's step, on that provider's own task queue: the queue's rate limit holds
 * across every worker. A rate limit waits as long as the provider asks (Retry-After); a refused
 * key is not retried; after a few failures the process moves on without it.
 */
export function providerStep(taskQueue: string) {
  return proxyActivities<Activities>({
    taskQueue,
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: '20 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 4 },
  });
}

/** The quality gates of a draft: quick, but they ask every link of it over HTTP (each within CONTENT_LINK_TIMEOUT). */
export const gateStep = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/**
 * Publishing to the CMS (or the store): a CMS that is down or rate limiting is tried again for
 * about ten minutes; a refusal (4xx) is not retried. Each platform is published once, however
 * often the step runs.
 */
export const publishStep = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 12 },
});

/** A provider embedded in the worker (the company directory, the heuristics): a local activity. */
export const embeddedProviderStep = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', maximumAttempts: 5 },
});

/** Checking a decision's proof needs the signing key, which only workers hold: a local activity. */
export const proofCheckStep = proxyLocalActivities<Activities>({
  startToCloseTimeout: '5 seconds',
  retry: { initialInterval: '200 milliseconds', maximumAttempts: 5 },
});

/**
 * The invoice's reading steps when the AI runs in the worker's own process (the offline provider):
 * done inside the workflow's task like localDatabaseStep, so an auto-approved invoice takes a
 * couple of round trips through the server instead of one per step. A remote model keeps the
 * remote modelStep (it can take minutes, and heartbeats).
 */
export const localReadingStep = proxyLocalActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});
