/** The approvals inbox and decisions. The API checks who may decide; the workflow checks again. */
import { Router } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import { decisionSignal } from '../../domain/messages.js';
import { mayDecide } from '../../domain/roles.js';
import { getApprovalTask, listApprovalTasks } from '../../db/approvals.js';
import { callerOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { ApprovalListQuery, DecisionRequest } from '../schemas.js';
import { parseOr400 } from '../validate.js';

/** The approval routes. */
export function approvalRoutes(deps: ApiDeps): Router {
  const { db, client } = deps;
  const router = Router();

  router.get('/approvals', async (req, res) => {
    const query = parseOr400(ApprovalListQuery, req.query, 'query');
    res.json(await listApprovalTasks(db, { ...query, roles: callerOf(req).roles }));
  });

  router.get('/approvals/:taskId', async (req, res) => {
    const task = await getApprovalTask(db, req.params.taskId);
    if (!task) throw new HttpError(404, 'not_found', `No approval task ${req.params.taskId}.`, 'taskId');
    res.json(task);
  });

  router.post('/approvals/:taskId/decision', async (req, res) => {
    const caller = callerOf(req);
    const body = parseOr400(DecisionRequest, req.body);
    const task = await getApprovalTask(db, req.params.taskId);
    if (!task) throw new HttpError(404, 'not_found', `No approval task ${req.params.taskId}.`, 'taskId');
    if (task.status !== 'pending') {
      throw new HttpError(409, 'already_decided', `Task ${task.id} is already ${task.status}${task.decidedBy ? ` (by ${task.decidedBy})` : ''}.`);
    }
    if (!mayDecide(caller.roles, task.requiredRole)) {
      throw new HttpError(403, 'forbidden', `Task ${task.id} needs a ${task.requiredRole} decision; you hold ${caller.roles.join(', ')}.`);
    }
    if (body.decision === 'approve' && task.requireComment && !body.comment) {
      throw new HttpError(400, 'comment_required', 'Approving this review needs a comment saying why.', 'comment');
    }
    try {
      await client.workflow.getHandle(task.workflowId).signal(decisionSignal, {
        taskId: task.id,
        decision: body.decision,
        by: caller.user,
        roles: caller.roles,
        ...(body.comment && { comment: body.comment }),
        at: new Date().toISOString(),
      });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        throw new HttpError(409, 'workflow_closed', `The process behind task ${task.id} has already ended.`);
      }
      throw error;
    }
    deps.logger.info({ taskId: task.id, workflowId: task.workflowId, decision: body.decision, by: caller.user }, 'decision sent');
    res.status(202).json({ taskId: task.id, workflowId: task.workflowId, decision: body.decision, status: 'submitted' });
  });

  return router;
}
