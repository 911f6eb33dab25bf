/** The alert's AI task: the topic of an alert, and whether anyone needs to act on it. */
import { Triage, type TriageFacts } from '../../domain/alerts/triage.js';
import type { AiTask } from '../ai/tasks.js';

/** Triage an alert. */
export const alertTriageTask: AiTask<TriageFacts, Triage> = {
  name: 'alert_triage',
  output: Triage,
  instruction: [
    'Triage a monitoring alert for an on-call team.',
    'Choose the topic it is about. Decide whether it is noise (nobody needs to act: test alerts, watchdogs, known noise, flapping, informational) or actionable, with a short reason and your confidence.',
    'The facts include the noise patterns it matched and how many incidents of this alert opened recently (flapping when at least flapping.count within flapping.windowMinutes).',
  ].join(' '),
  prompt: (facts) => `<alert>\n${JSON.stringify(facts, null, 2)}\n</alert>`,
};
