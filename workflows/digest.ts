/** The digest, usually started by its schedule: tell each person what waits for them. */
import { setHandler, workflowInfo } from '@temporalio/workflow';
import type { DigestInput, DigestState } from '../domain/digest.js';
import { digestStatusQuery } from '../domain/messages.js';
import { oneStepState, runOneStep } from './kit/one-step.js';
import { inboxStep } from './kit/profiles.js';

/** Send one round of digests. */
export async function digestWorkflow(input: DigestInput): Promise<DigestState> {
  const state: DigestState = oneStepState('digest', 'sending', input.startedBy, { people: 0, sent: 0, tasks: 0 });
  setHandler(digestStatusQuery, () => state);
  return runOneStep({
    state,
    failedStatus: 'failed',
    subject: () => 'Digest of pending tasks',
    details: () => [`**Digest:** ${state.details.sent} sent to ${state.details.people} people, ${state.details.tasks} tasks listed`],
    failureType: 'DigestFailed',
    work: async (run) => {
      run.mark('send', 'Telling each person what waits for them');
      const { startedBy: _by, ...request } = input;
      state.details = await inboxStep.sendTaskDigests({ ...request, workflowId: workflowInfo().workflowId });
      const d = state.details;
      return { status: 'sent', step: 'sent', message: `${d.sent} digest(s) sent, ${d.tasks} pending task(s) listed`, subject: 'Digest of pending tasks' };
    },
  });
}
