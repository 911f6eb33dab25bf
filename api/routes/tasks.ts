/**
 * The inbox of people's tasks across every process, and decisions. The API checks who may decide, signs the decision, and sends
 * it to the workflow as an update: the workflow checks again and has the last word, so of two
 * decisions for one task, however close together, exactly one counts and the other gets 409.
 */
import { Router } from 'express';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { decisionRefusal, refusalMessage, RefusalReason, type ApprovalTaskView } from '../../domain/approval.js';
import { decideUpdate } from '../../domain/messages.js';
import { getApprovalTask, listApprovalTasks } from '../../db/approvals.js';
import { signDecision } from '../../activities/human-tasks/proof.js';
import { callerOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { DecisionRequest, TaskListQuery } from '../schemas.js';
import { parseOr400 } from '../validate.js';

/** How each refusal reaches the person who decided. */
const REFUSAL_STATUS: Record<RefusalReason, { status: number; code: string }> = {
  unknown_task: { status: 404, code: 'not_found' },
  own_submission: { status: 403, code: 'own_submission' },
  second_approval_level: { status: 403, code: 'second_approval_level' },
  role_not_allowed: { status: 403, code: 'forbidden' },
  not_pending: { status: 409, code: 'already_decided' },
  comment_required: { status: 400, code: 'comment_required' },
  decision_not_allowed: { status: 400, code: 'decision_not_allowed' },
  // The API signed it, so the worker holds another DECISION_SIGNING_KEY: an operator's problem.
  invalid_proof: { status: 500, code: 'decision_proof_rejected' },
};

function refused(reason: RefusalReason, task: Pick<ApprovalTaskView, 'requiredRole' | 'status'> | undefined, message?: string): HttpError {
  const { status, code } = REFUSAL_STATUS[reason];
  const text =
    reason === 'invalid_proof'
      ? 'The worker refused the API’s signature on this decision: the API and the workers must share DECISION_SIGNING_KEY.'
      : (message ?? refusalMessage(reason, task && { role: task.requiredRole, status: task.status }));
  return new HttpError(status, code, text, reason === 'comment_required' ? 'comment' : reason === 'unknown_task' ? 'taskId' : undefined);
}

/** The task routes. */
export function taskRoutes(deps: ApiDeps): Router {
  const { db, client, config } = deps;
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
    // The inbox's view first (answers at once); the workflow checks the same rule again.
    const early = decisionRefusal(
      { status: task.status, role: task.requiredRole, kind: task.kind, requireComment: task.requireComment, excluded: task.excluded, actors: task.actors },
      {
        by: caller.user,
        roles: caller.roles,
        ...body,
      },
    );
    if (early) throw refused(early, task);

    const decision = signDecision(config.decisionSigningKey, task.workflowId, {
      taskId: task.id,
      decision: body.decision,
      by: caller.user,
      roles: caller.roles,
      ...(body.comment && { comment: body.comment }),
      ...(body.edits && { edits: body.edits }),
      at: new Date().toISOString(),
    });
    try {
      await client.connection.withDeadline(Date.now() + config.decisionTimeoutMs, () =>
        client.workflow.getHandle(task.workflowId).executeUpdate(decideUpdate, { args: [decision] }),
      );
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        const reason = RefusalReason.safeParse(error.cause.type);
        if (reason.success) throw refused(reason.data, task, error.cause.message);
      }
      if (error instanceof WorkflowNotFoundError || (error instanceof WorkflowUpdateFailedError && /completed|closed/i.test(error.message))) {
        throw new HttpError(409, 'workflow_closed', `The process behind task ${task.id} has already ended.`);
      }
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isDeadlineExceeded(error)) {
        throw new HttpError(
          503,
          'decision_not_confirmed',
          `No worker confirmed the decision within ${Math.round(config.decisionTimeoutMs / 1000)} s. It may still take effect when processing resumes; GET the task to see whether it did before deciding again (a second decision gets 409).`,
          undefined,
          5,
        );
      }
      throw error;
    }
    deps.logger.info({ taskId: task.id, workflowId: task.workflowId, decision: body.decision, by: caller.user }, 'decision recorded');
    res.status(202).json({ taskId: task.id, workflowId: task.workflowId, decision: body.decision, status: 'recorded' });
  });

  return router;
}

/** A gRPC call cut off by the deadline the API set. */
function isDeadlineExceeded(error: unknown): boolean {
  const code = (error as { code?: unknown; cause?: { code?: unknown } }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  // grpc status 4 = DEADLINE_EXCEEDED, 1 = CANCELLED
  return code === 4 || code === 1;
}
