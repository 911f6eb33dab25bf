/** The run register's activity: a process started by a schedule (not through the API) records itself. */
import { recordRun, type NewRun } from '../../db/runs.js';
import type { ActivityDeps } from '../deps.js';

/** The run activities. */
export function runActivities(deps: ActivityDeps) {
  return {
    /** Register or update a run's row (idempotent: it sets, never adds). */
    async recordRun(run: NewRun & { step: string; reason: string | null }): Promise<void> {
      await recordRun(deps.db, run);
    },
  };
}
