/** The alert workflow's messages, defined once for the workflow, the API and the tests. */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SignedAction } from '../approval.js';
import type { AlertEvent } from './event.js';
import type { HeartbeatCheckState } from './heartbeat.js';
import type { AlertState } from './state.js';

/** An event for an incident: a repeat (trigger), a resolution, an acknowledgement by the monitor. */
export const alertEventSignal = defineSignal<[AlertEvent]>('alertEvent');

/** A person resolves the incident (409 when it already is). */
export const resolveAlertUpdate = defineUpdate<AlertState, [SignedAction]>('resolve');

/** An admin lifts a suppression: the incident is routed and paged like any other. */
export const unsuppressAlertUpdate = defineUpdate<AlertState, [SignedAction]>('unsuppress');

/** The whole picture of an incident. */
export const alertStatusQuery = defineQuery<AlertState>('status');

/** A heartbeat check's picture. */
export const heartbeatStatusQuery = defineQuery<HeartbeatCheckState>('status');
