/** The notification outbox: every message to a person is written here once, keyed by its cause. */
import type { Db } from './connect.js';
import type { NotificationsTable } from './schema.js';
import { newId, nowIso } from './util.js';

/** A message in the outbox. */
export interface Notification {
  id: string;
  key: string;
  workflowId: string | null;
  channel: string;
  recipient: string;
  subject: string;
  body: string;
  createdAt: string;
}

function toNotification(row: NotificationsTable): Notification {
  return {
    id: row.id,
    key: row.key,
    workflowId: row.workflow_id,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    createdAt: row.created_at,
  };
}

/** Queue a message unless one with the same key is already queued (a retry sends nothing twice). */
export async function enqueueNotification(
  db: Db,
  message: { key: string; workflowId: string | null; channel: string; recipient: string; subject: string; body: string },
): Promise<{ created: boolean }> {
  const result = await db
    .insertInto('notifications')
    .values({
      id: newId('ntf'),
      key: message.key,
      workflow_id: message.workflowId,
      channel: message.channel,
      recipient: message.recipient,
      subject: message.subject,
      body: message.body,
      created_at: nowIso(),
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return { created: Number(result.numInsertedOrUpdatedRows ?? 0) > 0 };
}

/** The messages a workflow caused, oldest first. */
export async function notificationsForWorkflow(db: Db, workflowId: string): Promise<Notification[]> {
  const rows = await db.selectFrom('notifications').selectAll().where('workflow_id', '=', workflowId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toNotification);
}
