/** The run register's activity: a process started by a schedule (not through the API) records itself. */
import { recordRun } from '../../db/runs.js';
import type { RegisterEntry } from '../../domain/register.js';
import type { ActivityDeps } from '../deps.js';

/** The run activities. */
export function runActivities(deps: ActivityDeps) {
  return {
    /** Register or update a run's row (idempotent: it sets, never adds). */
    async recordRun(run: RegisterEntry): Promise<void> {
      await recordRun(deps.db, run);
    },
  };
}
