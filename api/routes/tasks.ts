/**
 * The inbox of people's tasks across every process, and decisions. The API checks who may decide, signs the decision, and sends
 * it to the workflow as an update: the workflow checks again and has the last word, so of two
 * decisions for one task, however close together, exactly one counts and the other gets 409.
 */
import { Router } from 'express';
import { getApprovalTask, listApprovalTasks } from '../../db/approvals.js';
import { callerOf } from '../auth.js';
import { sendDecision } from '../decide.js';
import type { ApiDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { DecisionRequest, TaskListQuery } from '../schemas.js';
import { parseOr400 } from '../validate.js';

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
    const task = await getApprovalTask(db, req.params.taskId);
    if (!task) throw new HttpError(404, 'not_found', `No task ${req.params.taskId}.`, 'taskId');
    res.json(task);
  });

  router.post('/tasks/:taskId/decision', async (req, res) => {
    const caller = callerOf(req);
    const body = parseOr400(DecisionRequest, req.body);
    const task = await getApprovalTask(db, req.params.taskId);
    if (!task) throw new HttpError(404, 'not_found', `No task ${req.params.taskId}.`, 'taskId');
    await sendDecision(deps, task, caller, body);
    res.status(202).json({ taskId: task.id, workflowId: task.workflowId, decision: body.decision, status: 'recorded' });
  });

  return router;
}
