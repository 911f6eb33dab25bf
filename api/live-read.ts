/**
 * Reading a run live: its workflow's `status` query within a few seconds, else the state it last
 * recorded (a worker down, the run's history being replayed), said as such with its time.
 */
import type { StateRecord } from '../db/runs.js';
import type { ApiDeps } from './deps.js';

/** How long reading a run live may take before its last recorded state is shown. */
export const LIVE_READ_MS = 3000;

/** The run's state: live when `query` answers in time, else as recorded (`readFrom: "register"`, `asOf`). */
export async function liveOrRecorded<S>(
  deps: Pick<ApiDeps, 'client' | 'logger'>,
  record: Pick<StateRecord<S>, 'state' | 'updatedAt'>,
  query: () => Promise<S>,
  what: string,
): Promise<{ state: S; readFrom: 'workflow' | 'register'; asOf?: string }> {
  try {
    return { state: await deps.client.connection.withDeadline(Date.now() + LIVE_READ_MS, query), readFrom: 'workflow' };
  } catch (error) {
    deps.logger.warn({ err: error, what }, `${what} read from the register: the workflow did not answer`);
    return { state: record.state, readFrom: 'register', asOf: record.updatedAt };
  }
}
