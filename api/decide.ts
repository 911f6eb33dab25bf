/**
 * Sending people's decisions and actions to workflows. The API checks who may act, signs what it
 * sends, and sends it as an update: the workflow checks again and has the last word, so of two
 * decisions for one task, however close together, exactly one counts and the other gets 409.
 */
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { decisionRefusal, refusalMessage, RefusalReason, type ApprovalTaskView, type Decision, type SignedAction } from '../domain/approval.js';
import { decideUpdate } from '../domain/messages.js';
import { signAction, signDecision } from '../activities/human-tasks/proof.js';
import type { Caller } from './auth.js';
import type { ApiDeps } from './deps.js';
import { HttpError } from './errors.js';

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

export function refused(reason: RefusalReason, task: Pick<ApprovalTaskView, 'requiredRole' | 'status'> | undefined, message?: string): HttpError {
  const { status, code } = REFUSAL_STATUS[reason];
  const text =
    reason === 'invalid_proof'
      ? 'The worker refused the API’s signature on this decision: the API and the workers must share DECISION_SIGNING_KEY.'
      : (message ?? refusalMessage(reason, task && { role: task.requiredRole, status: task.status }));
  return new HttpError(status, code, text, reason === 'comment_required' ? 'comment' : reason === 'unknown_task' ? 'taskId' : undefined);
}

/** A decision as a person sends it. */
export interface DecisionBody {
  decision: Decision;
  comment?: string | undefined;
  edits?: Record<string, string> | undefined;
}

/** Send a decision on a task to its workflow; throws the HttpError a refusal maps to. */
export async function sendDecision(deps: ApiDeps, task: ApprovalTaskView, caller: Caller, body: DecisionBody): Promise<void> {
  // The inbox's view first (answers at once); the workflow checks the same rule again.
  const early = decisionRefusal(
    {
      status: task.status,
      role: task.requiredRole,
      kind: task.kind,
      requireComment: task.requireComment,
      excluded: task.excluded,
      actors: task.actors,
      decisions: task.decisions,
    },
    { by: caller.user, roles: caller.roles, ...body },
  );
  if (early) throw refused(early, task);
  const decision = signDecision(deps.config.decisionSigningKey, task.workflowId, {
    taskId: task.id,
    decision: body.decision,
    by: caller.user,
    roles: caller.roles,
    ...(body.comment && { comment: body.comment }),
    ...(body.edits && { edits: body.edits }),
    at: new Date().toISOString(),
  });
  await confirmedUpdate(deps, task.workflowId, decideUpdate, decision, (type, message) => {
    const reason = RefusalReason.safeParse(type);
    return reason.success ? refused(reason.data, task, message) : undefined;
  });
  deps.logger.info({ taskId: task.id, workflowId: task.workflowId, decision: body.decision, by: caller.user }, 'decision recorded');
}

/** How refusals of actions (resolve, un-suppress) reach the caller. */
const ACTION_REFUSALS: Record<string, { status: number; code: string }> = {
  already_resolved: { status: 409, code: 'already_resolved' },
  not_suppressed: { status: 409, code: 'not_suppressed' },
  not_scheduled: { status: 409, code: 'not_scheduled' },
  not_this_run: { status: 409, code: 'workflow_closed' },
  role_not_allowed: { status: 403, code: 'forbidden' },
  invalid_proof: { status: 500, code: 'decision_proof_rejected' },
};

/** Send a signed action to a run; answers with what the update returned. */
export async function sendAction<R>(
  deps: ApiDeps,
  /** The workflow, and the run within its process (`subject`) when the workflow id may have moved on to a newer one. */
  target: { workflowId: string; subject?: string | undefined },
  update: UpdateDefinition<R, [SignedAction]>,
  caller: Caller,
  action: string,
  note: string | undefined,
): Promise<R> {
  const signed = signAction(deps.config.decisionSigningKey, target.workflowId, {
    action,
    ...(target.subject && { subject: target.subject }),
    by: caller.user,
    roles: caller.roles,
    ...(note && { note }),
    at: new Date().toISOString(),
  });
  const result = await confirmedUpdate(deps, target.workflowId, update, signed, (type, message) => {
    const known = type ? ACTION_REFUSALS[type] : undefined;
    return known && new HttpError(known.status, known.code, message);
  });
  deps.logger.info({ workflowId: target.workflowId, action, by: caller.user }, 'action recorded');
  return result;
}

/**
 * Execute an update and wait (DECISION_TIMEOUT) for the workflow to confirm it: a refusal becomes
 * the caller's error, a closed run 409, no answer in time 503 (it may still take effect).
 */
async function confirmedUpdate<R, A>(
  deps: ApiDeps,
  workflowId: string,
  update: UpdateDefinition<R, [A]>,
  arg: A,
  refusal: (type: string | undefined, message: string) => HttpError | undefined,
): Promise<R> {
  const { client, config } = deps;
  try {
    return await client.connection.withDeadline(Date.now() + config.decisionTimeoutMs, () =>
      client.workflow.getHandle(workflowId).executeUpdate(update, { args: [arg] }),
    );
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const mapped = refusal(error.cause.type ?? undefined, error.cause.message);
      if (mapped) throw mapped;
    }
    if (error instanceof WorkflowNotFoundError || (error instanceof WorkflowUpdateFailedError && /completed|closed/i.test(error.message))) {
      throw new HttpError(409, 'workflow_closed', 'The process has already ended.');
    }
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isDeadlineExceeded(error)) {
      throw new HttpError(
        503,
        'decision_not_confirmed',
        `No worker confirmed it within ${Math.round(config.decisionTimeoutMs / 1000)} s. It may still take effect when processing resumes; look before trying again (a second one gets 409).`,
        undefined,
        5,
      );
    }
    throw error;
  }
}

/** A gRPC call cut off by the deadline the API set. */
function isDeadlineExceeded(error: unknown): boolean {
  const code = (error as { code?: unknown; cause?: { code?: unknown } }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  // grpc status 4 = DEADLINE_EXCEEDED, 1 = CANCELLED
  return code === 4 || code === 1;
}
