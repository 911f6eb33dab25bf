/** The lead workflow's messages, defined once for the workflow, the API and the tests. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { LeadInput } from './lead.js';
import type { LeadState, LeadSubmission } from './state.js';

/** Another submission of the same person: it joins the run going (its fields fill gaps). */
export const leadSubmittedSignal = defineSignal<[{ submission: LeadSubmission; lead: LeadInput }]>('leadSubmitted');

/** The whole picture of a lead. */
export const leadStatusQuery = defineQuery<LeadState>('status');
