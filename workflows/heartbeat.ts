/**
 * A heartbeat check, started by its schedule: has the heartbeat beaten recently enough? If not,
 * raise an alert (the alert chain pages); if it has and an alert is open, resolve it.
 */
import { setHandler } from '@temporalio/workflow';
import type { HeartbeatCheckInput, HeartbeatCheckState } from '../domain/alerts/heartbeat.js';
import { heartbeatStatusQuery } from '../domain/alerts/messages.js';
import { oneStepState, runOneStep } from './kit/one-step.js';
import { databaseStep } from './kit/profiles.js';

/** Check one heartbeat. */
export async function heartbeatCheckWorkflow(input: HeartbeatCheckInput): Promise<HeartbeatCheckState> {
  const state: HeartbeatCheckState = oneStepState('heartbeat', 'checking', input.startedBy, {
    name: input.name,
    maxSilenceMs: input.maxSilenceMs,
    lastBeatAt: null,
    silentForMs: null,
    outcome: null,
    alertWorkflowId: null,
  });
  setHandler(heartbeatStatusQuery, () => state);
  const seconds = (ms: number | null) => (ms === null ? '?' : `${Math.round(ms / 1000)} s`);
  return runOneStep({
    state,
    failedStatus: 'failed',
    subject: () => `Heartbeat ${input.name}`,
    details: () => [
      `**Heartbeat:** ${input.name} (at most ${seconds(input.maxSilenceMs)} of silence)`,
      `**Last beat:** ${state.details.lastBeatAt ?? 'never'}; **outcome:** ${state.details.outcome ?? 'checking'}`,
    ],
    failureType: 'HeartbeatCheckFailed',
    work: async (run) => {
      run.mark('check', `Checking heartbeat ${input.name}`);
      state.details = await databaseStep.checkHeartbeat(input);
      const d = state.details;
      const message =
        d.outcome === 'raised'
          ? `Silent for ${seconds(d.silentForMs)} (more than ${seconds(d.maxSilenceMs)}): alert raised`
          : d.outcome === 'resolved'
            ? `Beating again (last ${seconds(d.silentForMs)} ago): alert resolved`
            : `Healthy: last beat ${seconds(d.silentForMs)} ago`;
      return { status: d.outcome === 'raised' ? 'silent' : 'healthy', step: 'checked', message, subject: `Heartbeat ${input.name}` };
    },
  });
}
