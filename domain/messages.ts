/**
 * Signal and query names, defined once and used by the workflows, the API and the tests.
 * `defineSignal`/`defineQuery` are pure helpers, safe outside the workflow sandbox.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DecisionSignal } from './approval.js';
import type { InvoiceState } from './invoice-state.js';

/** A person approves or rejects an approval task. */
export const decisionSignal = defineSignal<[DecisionSignal]>('decision');

/** The whole picture of an invoice workflow. */
export const invoiceStatusQuery = defineQuery<InvoiceState>('status');
