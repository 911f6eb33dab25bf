/**
 * Submitting a brief (the API, or a schedule of the content calendar): the submission recorded (a
 * repeated Idempotency-Key finds the first piece), then the piece's run started.
 */
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../../config/index.js';
import type { Db } from '../../db/connect.js';
import { recordContentSubmission } from '../../db/content.js';
import { newId } from '../../db/util.js';
import type { ContentBrief } from '../../domain/content/brief.js';
import { contentWorkflowId } from '../../domain/content/rules.js';
import type { ContentWorkflowInput } from '../../domain/content/state.js';
import type { contentWorkflow } from '../../workflows/content.js';
import { startProcess } from '../runs/start-process.js';

/** Submit a brief; `created` is false when the idempotency key named an earlier submission. */
export async function submitContent(
  deps: { db: Db; client: Client; config: Pick<AppConfig, 'temporal'> },
  request: { brief: ContentBrief; submittedBy: string; idempotencyKey: string | null },
): Promise<{ id: string; workflowId: string; created: boolean }> {
  const recorded = await recordContentSubmission(deps.db, {
    contentId: newId('cnt'),
    submittedBy: request.submittedBy,
    idempotencyKey: request.idempotencyKey,
  });
  const id = recorded.contentId;
  const workflowId = contentWorkflowId(id);
  if (!recorded.created) return { id, workflowId, created: false };
  await startProcess(deps, {
    process: 'content',
    id,
    workflowId,
    workflowType: 'contentWorkflow' satisfies (typeof contentWorkflow)['name'],
    taskQueue: deps.config.temporal.taskQueue,
    args: [{ id, brief: request.brief, submittedBy: request.submittedBy } satisfies ContentWorkflowInput],
    initialStatus: 'drafting',
    submittedBy: request.submittedBy,
    subject: `Content: ${request.brief.title}`,
    summary: `Content “${request.brief.title}” for ${request.brief.platforms.join(', ')} from ${request.submittedBy}`,
    memo: { title: request.brief.title },
  });
  return { id, workflowId, created: true };
}
