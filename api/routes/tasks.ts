/**
 * The inbox of people's tasks across every process, and decisions. The API checks who may decide, signs the decision, and sends
 * it to the workflow as an update: the workflow checks again and has the last word, so of two
 * decisions for one task, however close together, exactly one counts and the other gets 409.
 */
import { Router } from 'express';
import { getApprovalTask, listApprovalTasks } from '../../db/approvals.js';
import type { Db } from '../../db/connect.js';
import type { ApprovalTaskView } from '../../domain/approval.js';
import { getDocumentText } from '../../db/documents.js';
import { getInvoiceDocumentId } from '../../db/invoices.js';
import { runStatusQuery } from '../../domain/messages.js';
import type { RunStatus } from '../../domain/process.js';
import { RUN_PATHS } from './runs.js';
import { callerOf } from '../auth.js';
import { sendDecision } from '../decide.js';
import { temporalUiLink, type ApiDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { DecisionRequest, TaskListQuery } from '../schemas.js';
import { LIVE_READ_MS } from '../live-read.js';
import { parseOr400 } from '../validate.js';

/**
 * A task by id, or 404. A workflow lists a task in its status a moment before its next step stores
 * it (the step runs on a worker, on any database): a task not stored yet is looked for again for a
 * short while before it counts as unknown, so a client that read it from the status can act on it.
 */
async function storedTask(db: Db, taskId: string): Promise<ApprovalTaskView> {
  const deadline = Date.now() + STORING_GRACE_MS;
  for (;;) {
    const task = await getApprovalTask(db, taskId);
    if (task) return task;
    if (Date.now() > deadline) throw new HttpError(404, 'not_found', `No task ${taskId}.`, 'taskId');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const STORING_GRACE_MS = 2000;

/** What a process adds to a task's context (the invoice: the document as read). */
const TASK_EXTRAS: Record<string, (deps: ApiDeps, run: RunStatus) => Promise<{ documentText: string | null }>> = {
  invoice: async (deps, run) => {
    const documentId = await getInvoiceDocumentId(deps.db, run.id);
    const text = documentId ? await getDocumentText(deps.db, documentId) : null;
    return { documentText: text ? text.slice(0, DOCUMENT_TEXT_SHOWN) : null };
  },
};

/** How much of a document's text a task's page shows. */
const DOCUMENT_TEXT_SHOWN = 20_000;

/** The task routes. */
export function taskRoutes(deps: ApiDeps): Router {
  const { db } = deps;
  const router = Router();

  router.get('/tasks', async (req, res) => {
    const query = parseOr400(TaskListQuery, req.query, 'query');
    const caller = callerOf(req);
    res.json(await listApprovalTasks(db, { ...query, user: caller.user, roles: caller.roles }));
  });

  router.get('/tasks/:taskId', async (req, res) => {
    const task = await storedTask(db, req.params.taskId);
    res.json(task);
  });

  // What a person needs to decide a task: the task, its run's status (live), what the process adds.
  router.get('/tasks/:taskId/context', async (req, res) => {
    const task = await storedTask(db, req.params.taskId);
    let run: RunStatus | null = null;
    try {
      run = await deps.client.connection.withDeadline(Date.now() + LIVE_READ_MS, () => deps.client.workflow.getHandle(task.workflowId).query(runStatusQuery));
    } catch (error) {
      deps.logger.warn({ err: error, taskId: task.id }, 'task context without its run: the workflow did not answer');
    }
    const extras = run ? await TASK_EXTRAS[task.process]?.(deps, run) : undefined;
    res.json({
      task,
      run,
      ...extras,
      links: {
        temporalUi: temporalUiLink(deps.config, task.workflowId),
        ...(run && RUN_PATHS[task.process] && { run: RUN_PATHS[task.process]!(run.id) }),
      },
    });
  });

  router.post('/tasks/:taskId/decision', async (req, res) => {
    const caller = callerOf(req);
    const body = parseOr400(DecisionRequest, req.body);
    const task = await storedTask(db, req.params.taskId);
    await sendDecision(deps, task, caller, body);
    res.status(202).json({ taskId: task.id, workflowId: task.workflowId, decision: body.decision, status: 'recorded' });
  });

  return router;
}
