/** The notification outbox: every message to a person is written here once, keyed by its cause. */
import type { Db } from './connect.js';
import type { NotificationsTable } from './schema.js';
import type { Channel, Person } from '../domain/people.js';
import { createDeliveries, type DeliveryTarget } from './deliveries.js';
import { allPeople } from './people.js';
import { newId, nowIso, transact } from './util.js';

/** The recipient prefix of an address outside the people directory. */
const OUTSIDE_EMAIL = 'email:';

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

/**
 * Queue a message unless one with the same key is already queued (a retry sends nothing twice),
 * and fan it out: one delivery to each person it reaches (a user, or everyone holding a role, as
 * `role:<role>`) on each of their channels, or to one address outside the directory (`email:<address>`,
 * a lead). The relay sends the deliveries.
 */
export async function enqueueNotification(
  db: Db,
  message: {
    key: string;
    workflowId: string | null;
    channel: string;
    recipient: string;
    subject: string;
    body: string;
    /** A page: these channels wherever the person has an address for them (and the inbox), not the person's own choice. */
    channels?: readonly Channel[] | undefined;
  },
): Promise<{ created: boolean }> {
  return transact(db, async (trx) => {
    const result = await trx
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
    const stored = await trx.selectFrom('notifications').select('id').where('key', '=', message.key).executeTakeFirstOrThrow();
    const outside = message.recipient.startsWith(OUTSIDE_EMAIL) ? message.recipient.slice(OUTSIDE_EMAIL.length) : undefined;
    const people = outside ? [] : await allPeople(trx);
    const role = message.recipient.startsWith('role:') ? message.recipient.slice('role:'.length) : undefined;
    const reached = people.filter((p) => (role ? (p.roles as string[]).includes(role) : p.user === message.recipient));
    await createDeliveries(
      trx,
      { notificationId: stored.id, workflowId: message.workflowId },
      outside ? [{ recipient: message.recipient, channel: 'email', address: outside }] : reached.flatMap((p) => deliveryTargets(p, message.channels)),
    );
    return { created: Number(result.numInsertedOrUpdatedRows ?? 0) > 0 };
  });
}

/** Where a person is reached: each of their channels (or the page's, where they have an address) with its address. */
function deliveryTargets(person: Person, pageChannels?: readonly Channel[]): DeliveryTarget[] {
  const address: Record<Channel, string | undefined> = { inbox: undefined, email: person.email, sms: person.phone, slack: person.slackWebhookUrl };
  const channels = pageChannels ? ['inbox' as const, ...pageChannels.filter((c) => c !== 'inbox' && address[c])] : person.channels;
  return channels.map((channel) => ({ recipient: person.user, channel, address: address[channel] ?? null }));
}

/** The messages a workflow caused, oldest first. */
export async function notificationsForWorkflow(db: Db, workflowId: string): Promise<Notification[]> {
  const rows = await db.selectFrom('notifications').selectAll().where('workflow_id', '=', workflowId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toNotification);
}
