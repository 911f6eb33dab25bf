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

/** Checking a decision's proof needs the signing key, which only workers hold: a local activity. */
export const proofCheckStep = proxyLocalActivities<Activities>({
  startToCloseTimeout: '5 seconds',
  retry: { initialInterval: '200 milliseconds', maximumAttempts: 5 },
});
