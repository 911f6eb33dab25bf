/**
 * The offline provider: a deterministic implementation of every AI task, used when no OpenAI key is
 * configured and as the fallback when the model fails for good. A process adds its tasks here.
 */
import type { CpuPool } from '../../cpu/pool.js';
import type { AiProvider } from '../tasks.js';
import { classifyOffline } from './classify.js';
import { extractInvoiceOffline } from './extract.js';
import { triageOffline } from './triage.js';
import type { TriageFacts } from '../../../domain/alerts/triage.js';
import { composeOutreach, type OutreachFacts } from '../../../domain/leads/outreach.js';
import type { LeadScoringInput } from '../../leads/ai-tasks.js';
import { composeDraft } from '../../../domain/content/compose.js';
import type { ContentDraftInput } from '../../content/ai-tasks.js';
import { measuredAiCall } from '../../../config/metrics.js';

/** Every task's offline implementation, by task name. */
export const OFFLINE_TASKS: Readonly<Record<string, (input: never) => unknown>> = {
  classification: (text: string) => classifyOffline(text),
  invoice: (text: string) => extractInvoiceOffline(text),
  alert_triage: (facts: TriageFacts) => triageOffline(facts),
  // The rules' own reading: the same scores, and their explanation as the summary.
  lead_scoring: ({ rules }: LeadScoringInput) => ({ fit: rules.fit, engagement: rules.engagement, summary: rules.explanation.split('. ')[0]!.slice(0, 1200) }),
  lead_outreach: (facts: OutreachFacts) => composeOutreach(facts),
  content_draft: ({ brief, style, feedback }: ContentDraftInput) => composeDraft(brief, style, feedback),
};

/** Run a task offline in this thread. */
export function runOffline(task: string, input: unknown): unknown {
  const implementation = OFFLINE_TASKS[task];
  if (!implementation) throw new Error(`The AI task "${task}" has no offline implementation.`);
  return (implementation as (input: unknown) => unknown)(input);
}

/**
 * The offline provider. With a pool it works on the pool's threads (as workers do), without one in
 * the calling thread. Its answers are checked against the task's schema like any model's.
 */
export function createOfflineProvider(pool?: CpuPool): AiProvider {
  return {
    name: 'offline',
    run: (task, input) =>
      measuredAiCall({ provider: 'offline', task: task.name }, async () =>
        task.output.parse(pool ? await pool.run('ai', { task: task.name, input }) : runOffline(task.name, input)),
      ),
  };
}
