/** The content workflow's messages, defined once for the workflow, the API and the tests. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { SignedAction } from '../approval.js';
import type { ContentState } from './state.js';

/** The whole picture of a piece. */
export const contentStatusQuery = defineQuery<ContentState>('status');

/** An editor cancels a scheduled publication before its time. */
export const cancelPublicationUpdate = defineUpdate<ContentState, [SignedAction]>('cancelPublication');
