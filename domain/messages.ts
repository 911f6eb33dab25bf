/**
 * Signal and query names, defined once and used by the workflows, the API and the tests.
 * `defineSignal`/`defineQuery` are pure helpers, safe outside the workflow sandbox.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ApprovalRecord, DecisionSignal } from './approval.js';
import type { DigestState } from './digest.js';
import type { InvoiceState } from './invoice-state.js';
import type { RunStatus } from './process.js';

/**
 * A person approves or rejects an approval task, as an update: the workflow's validator refuses a
 * decision that does not count (a second one, the submitter's own, ...) before it enters history,
 * and the caller learns the workflow's verdict. The API decides this way.
 */
export const decideUpdate = defineUpdate<ApprovalRecord, [DecisionSignal]>('decide');

/** The same as a signal (fire and forget, kept for runs that received it and for integrations). */
export const decisionSignal = defineSignal<[DecisionSignal]>('decision');

/**
 * Every process's workflow answers this query with its status: the common fields and its own
 * `details` (each process defines a typed `status` query of the same name for its own shape).
 */
export const runStatusQuery = defineQuery<RunStatus & { details: unknown }>('status');

/** The whole picture of an invoice workflow. */
export const invoiceStatusQuery = defineQuery<InvoiceState>('status');

/** A digest run's picture. */
export const digestStatusQuery = defineQuery<DigestState>('status');
