/** Approval tasks: what the inbox shows and what the API checks before it signals a workflow. */
import { DECIDED_STATUS, DECISIONS, type ApprovalTaskView, type Decision, type Exclusion, type TaskActors } from '../domain/approval.js';
import { fromCents, toCents } from '../domain/money.js';
import type { Role } from '../domain/roles.js';
import type { Db } from './connect.js';
import type { ApprovalTasksTable } from './schema.js';
import { transact } from './util.js';

function toView(row: ApprovalTasksTable, excluded: Exclusion[], actors: TaskActors): ApprovalTaskView {
  return {
    id: row.id,
    process: row.process,
    workflowId: row.workflow_id,
    kind: row.kind,
    decisions: row.decisions ? (JSON.parse(row.decisions) as Decision[]) : [...DECISIONS[row.kind]],
    subject: row.subject,
    amount: row.amount_cents === null ? null : fromCents(Number(row.amount_cents)),
    currency: row.currency,
    requiredRole: row.required_role as Role,
    actors,
    requireComment: row.require_comment === 1,
    status: row.status,
    dueAt: row.due_at,
    createdAt: row.created_at,
    decidedBy: row.decided_by,
    decision: row.decision,
    comment: row.comment,
    excluded,
  };
}

async function exclusionsOf(db: Db, taskIds: string[]): Promise<Map<string, Exclusion[]>> {
  const byTask = new Map<string, Exclusion[]>();
  if (taskIds.length === 0) return byTask;
  const rows = await db.selectFrom('task_exclusions').selectAll().where('task_id', 'in', taskIds).orderBy('user_name').execute();
  for (const row of rows) byTask.set(row.task_id, [...(byTask.get(row.task_id) ?? []), { user: row.user_name, why: row.why }]);
  return byTask;
}

async function actorsOf(db: Db, taskIds: string[]): Promise<Map<string, TaskActors>> {
  const byTask = new Map<string, TaskActors>();
  if (taskIds.length === 0) return byTask;
  const rows = await db.selectFrom('task_actors').selectAll().where('task_id', 'in', taskIds).orderBy('name').execute();
  for (const row of rows) {
    const actors = byTask.get(row.task_id) ?? { roles: [], users: [] };
    if (row.kind === 'role') actors.roles.push(row.name as Role);
    else actors.users.push(row.name);
    byTask.set(row.task_id, actors);
  }
  return byTask;
}

async function toViews(db: Db, rows: ApprovalTasksTable[]): Promise<ApprovalTaskView[]> {
  const ids = rows.map((r) => r.id);
  const excluded = await exclusionsOf(db, ids);
  const actors = await actorsOf(db, ids);
  return rows.map((r) => toView(r, excluded.get(r.id) ?? [], actors.get(r.id) ?? { roles: [], users: [] }));
}

/** Let more roles and people act on a task (an escalation level paged them); adding them again changes nothing. */
export async function addTaskActors(db: Db, taskId: string, actors: TaskActors): Promise<void> {
  const rows = [
    ...actors.roles.map((name) => ({ task_id: taskId, kind: 'role' as const, name })),
    ...actors.users.map((name) => ({ task_id: taskId, kind: 'user' as const, name })),
  ];
  if (rows.length === 0) return;
  await db
    .insertInto('task_actors')
    .values(rows)
    .onConflict((oc) => oc.columns(['task_id', 'kind', 'name']).doNothing())
    .execute();
}

/** What opening an approval task takes. */
export interface NewApprovalTask {
  id: string;
  process: string;
  workflowId: string;
  kind: ApprovalTasksTable['kind'];
  subject: string;
  amount: number | null;
  currency: string | null;
  requiredRole: Role;
  requireComment: boolean;
  dueAt: string | null;
  createdAt: string;
  /** Who may not decide it (the submitter, deciders of earlier levels). */
  excluded: Exclusion[];
  /** Who else may act on it. */
  actors?: TaskActors | undefined;
  /** The decisions it takes when fewer than its kind's. */
  decisions?: readonly Decision[] | undefined;
}

/** Open an approval task; opening the same task again (a retried activity) changes nothing. */
export async function openApprovalTask(db: Db, task: NewApprovalTask): Promise<void> {
  await transact(db, async (trx) => {
    await trx
      .insertInto('approval_tasks')
      .values({
        id: task.id,
        process: task.process,
        workflow_id: task.workflowId,
        kind: task.kind,
        subject: task.subject,
        amount_cents: task.amount === null ? null : toCents(task.amount),
        currency: task.currency,
        required_role: task.requiredRole,
        require_comment: task.requireComment ? 1 : 0,
        status: 'pending',
        due_at: task.dueAt,
        created_at: task.createdAt,
        decided_by: null,
        decision: null,
        comment: null,
        decided_at: null,
        decisions: task.decisions ? JSON.stringify(task.decisions) : null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    if (task.excluded.length > 0) {
      await trx
        .insertInto('task_exclusions')
        .values(task.excluded.map((e) => ({ task_id: task.id, user_name: e.user, why: e.why })))
        .onConflict((oc) => oc.columns(['task_id', 'user_name']).doNothing())
        .execute();
    }
    if (task.actors) await addTaskActors(trx, task.id, task.actors);
  });
}

/** An approval task by id. */
export async function getApprovalTask(db: Db, id: string): Promise<ApprovalTaskView | undefined> {
  const row = await db.selectFrom('approval_tasks').selectAll().where('id', '=', id).executeTakeFirst();
  return row && (await toViews(db, [row]))[0];
}

/**
 * Tasks of a status that `user`, holding `roles`, may decide (every role's tasks for admin), oldest
 * first. Tasks the user may not decide (their own submission, a second level) are not offered.
 */
export async function listApprovalTasks(
  db: Db,
  filter: {
    status?: ApprovalTasksTable['status'] | undefined;
    process?: string | undefined;
    user: string;
    roles: readonly Role[];
    limit: number;
    offset: number;
  },
): Promise<{ items: ApprovalTaskView[]; total: number; limit: number; offset: number }> {
  let query = db
    .selectFrom('approval_tasks')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('task_exclusions')
            .select('task_exclusions.task_id')
            .whereRef('task_exclusions.task_id', '=', 'approval_tasks.id')
            .where('task_exclusions.user_name', '=', filter.user),
        ),
      ),
    );
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.process) query = query.where('process', '=', filter.process);
  if (!filter.roles.includes('admin')) {
    const roles = [...filter.roles];
    query = query.where((eb) =>
      eb.or([
        ...(roles.length > 0 ? [eb('required_role', 'in', roles)] : []),
        eb.exists(
          eb
            .selectFrom('task_actors')
            .select('task_actors.task_id')
            .whereRef('task_actors.task_id', '=', 'approval_tasks.id')
            .where((a) =>
              a.or([
                a.and([a('task_actors.kind', '=', 'user'), a('task_actors.name', '=', filter.user)]),
                ...(roles.length > 0 ? [a.and([a('task_actors.kind', '=', 'role'), a('task_actors.name', 'in', roles)])] : []),
              ]),
            ),
        ),
      ]),
    );
  }
  const rows = await query.selectAll().orderBy('created_at').orderBy('id').limit(filter.limit).offset(filter.offset).execute();
  const { count } = await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return { items: await toViews(db, rows), total: Number(count), limit: filter.limit, offset: filter.offset };
}

/** Hand a pending task to another role (escalation). */
export async function reassignApprovalTask(db: Db, id: string, role: Role): Promise<void> {
  await db.updateTable('approval_tasks').set({ required_role: role }).where('id', '=', id).where('status', '=', 'pending').execute();
}

/** Close a task with a decision, as expired, or as withdrawn; closing it again changes nothing. */
export async function closeApprovalTask(
  db: Db,
  id: string,
  outcome: { decision: Decision; by: string; comment: string | null; at: string } | { status: 'expired' | 'withdrawn'; at: string },
): Promise<void> {
  await db
    .updateTable('approval_tasks')
    .set(
      'status' in outcome
        ? { status: outcome.status, decided_at: outcome.at }
        : { status: DECIDED_STATUS[outcome.decision], decision: outcome.decision, decided_by: outcome.by, comment: outcome.comment, decided_at: outcome.at },
    )
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** The pending task of a kind a workflow has open (the newest, if several). */
export async function pendingTaskOf(db: Db, workflowId: string, kind: ApprovalTasksTable['kind']): Promise<ApprovalTaskView | undefined> {
  const row = await db
    .selectFrom('approval_tasks')
    .selectAll()
    .where('workflow_id', '=', workflowId)
    .where('status', '=', 'pending')
    .where('kind', '=', kind)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row && (await toViews(db, [row]))[0];
}
