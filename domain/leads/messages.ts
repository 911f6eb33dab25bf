/** The lead workflow's messages, defined once for the workflow, the API and the tests. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { LeadListProgress, LeadListState, LeadState, SubmittedLead } from './state.js';

/** A submission of the person: the first, or another that joins the run going (its fields fill gaps). */
export const leadSubmittedSignal = defineSignal<[SubmittedLead]>('leadSubmitted');

/** A lead of a list tells the list it has been routed (its slot frees: an owner may take days). */
export const leadListProgressSignal = defineSignal<[LeadListProgress]>('leadListProgress');

/** The whole picture of a list's run. */
export const leadListStatusQuery = defineQuery<LeadListState>('status');

/** The whole picture of a lead. */
export const leadStatusQuery = defineQuery<LeadState>('status');
