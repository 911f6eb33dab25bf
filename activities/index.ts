/**
 * Every side effect of the business processes, grouped by concern. Built by a factory from its
 * dependencies so workers, tests and tools wire in their own database and AI provider. Each
 * activity is idempotent: retried, or re-run after a worker died, it never posts or sends twice.
 */
import { alertActivities } from './alerts/activities.js';
import { contentActivities } from './content/activities.js';
import { heartbeatActivities } from './alerts/heartbeat.js';
import type { ActivityDeps } from './deps.js';
import { humanTaskActivities } from './human-tasks/activities.js';
import { digestActivities } from './human-tasks/digest.js';
import { accountingActivities } from './invoice/accounting.js';
import { documentReadingActivities } from './invoice/reading.js';
import { leadActivities } from './leads/activities.js';
import { runActivities } from './runs/activities.js';

export type { ActivityDeps } from './deps.js';
export type { ApprovalTaskInput, Staffing, TaskPage } from './human-tasks/activities.js';
export type { ExtractionResult, ParseResult, ProviderChoice } from './invoice/reading.js';

/** Build the activities around their dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...documentReadingActivities(deps),
    ...accountingActivities(deps),
    ...humanTaskActivities(deps),
    ...alertActivities(deps),
    ...heartbeatActivities(deps),
    ...digestActivities(deps),
    ...runActivities(deps),
    ...leadActivities(deps),
    ...contentActivities(deps),
  };
}

/** The activities' type, for `proxyActivities` in workflows (imported as a type only). */
export type Activities = ReturnType<typeof createActivities>;
