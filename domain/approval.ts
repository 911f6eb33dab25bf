import { z } from 'zod';
import { ROLES, type Role } from './roles.js';

/** A person's decision on an approval task, as the API sends it to the workflow. */
export const Decision = z.enum(['approve', 'reject']);
export type Decision = z.infer<typeof Decision>;

/** The payload of the `decision` signal. */
export interface DecisionSignal {
  taskId: string;
  decision: Decision;
  /** Who decided (the user name behind the token). */
  by: string;
  /** The roles the decider held when deciding; the workflow checks them again. */
  roles: Role[];
  comment?: string;
  /** When the API received the decision (ISO). */
  at: string;
}

/** Where an approval task is. */
export const ApprovalTaskStatus = z.enum(['pending', 'approved', 'rejected', 'expired']);
export type ApprovalTaskStatus = z.infer<typeof ApprovalTaskStatus>;

/** Timers of the approval step, in milliseconds from the moment a task is opened. */
export interface ApprovalTimers {
  reminderAfterMs: number;
  escalateAfterMs: number;
  deadlineMs: number;
}

/** A decision the workflow received but did not act on, and why. */
export interface IgnoredDecision extends DecisionSignal {
  reason: 'unknown_task' | 'not_pending' | 'role_not_allowed' | 'comment_required';
}

/** An approval task as the workflow sees it; also what the status query shows. */
export interface ApprovalRecord {
  taskId: string;
  step: string;
  kind: 'review' | 'approval';
  role: Role;
  originalRole: Role;
  requireComment: boolean;
  status: ApprovalTaskStatus;
  createdAt: string;
  dueAt: string;
  remindedAt?: string;
  escalatedAt?: string;
  decision?: DecisionSignal;
}

/** An approval task as stored for the inbox. */
export const ApprovalTaskView = z.object({
  id: z.string(),
  process: z.string(),
  workflowId: z.string(),
  subject: z.string(),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  requiredRole: z.enum(ROLES),
  requireComment: z.boolean(),
  status: ApprovalTaskStatus,
  dueAt: z.string(),
  createdAt: z.string(),
  decidedBy: z.string().nullable(),
  decision: Decision.nullable(),
  comment: z.string().nullable(),
});
export type ApprovalTaskView = z.infer<typeof ApprovalTaskView>;
