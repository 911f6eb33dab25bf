/**
 * Deliveries: each outbox message, to each person it reaches, on each of their channels, once.
 * A relay claims a due delivery (marking it `sending` under a lease) before it sends, and records
 * how it went; a delivery found still `sending` after its lease was cut off mid-send: it may have
 * reached the person. An email is sent again (the same Message-ID lets mail systems drop a copy they
 * hold already); anything else is never sent again but failed as in doubt, and an admin is told.
 */
import { sql } from 'kysely';
import type { Db } from './connect.js';
import type { DeliveriesTable } from './schema.js';
import { newId, nowIso, type Page, transact } from './util.js';

/** A delivery as the API shows it. */
export interface Delivery {
  id: string;
  notificationId: string;
  workflowId: string | null;
  recipient: string;
  channel: string;
  address: string | null;
  status: DeliveriesTable['status'];
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

/** A delivery with its message, as a relay sends it. */
export interface DueDelivery extends Delivery {
  subject: string;
  body: string;
}

function toDelivery(row: DeliveriesTable): Delivery {
  return {
    id: row.id,
    notificationId: row.notification_id,
    workflowId: row.workflow_id,
    recipient: row.recipient,
    channel: row.channel,
    address: row.address,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    sentAt: row.sent_at,
    createdAt: row.created_at,
  };
}

/** What fanning a message out takes: one target per person and channel. */
export interface DeliveryTarget {
  recipient: string;
  channel: string;
  address: string | null;
}

/**
 * Create the deliveries of a message (creating them again changes nothing). The inbox is the
 * application itself: an inbox delivery is sent when it is created.
 */
export async function createDeliveries(db: Db, message: { notificationId: string; workflowId: string | null }, targets: DeliveryTarget[]): Promise<void> {
  const now = nowIso();
  for (const target of targets) {
    const inbox = target.channel === 'inbox';
    await db
      .insertInto('deliveries')
      .values({
        id: newId('dlv'),
        notification_id: message.notificationId,
        workflow_id: message.workflowId,
        recipient: target.recipient,
        channel: target.channel,
        address: target.address,
        status: inbox ? 'sent' : 'pending',
        attempts: 0,
        next_attempt_at: now,
        lease_until: null,
        last_error: null,
        sent_at: inbox ? now : null,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['notification_id', 'recipient', 'channel']).doNothing())
      .execute();
  }
}

/**
 * Claim the next due delivery for sending, atomically: of relays racing for it, one wins. The lease
 * says how long it may be `sending` before it counts as cut off.
 */
export async function claimDueDelivery(db: Db, leaseMs: number): Promise<DueDelivery | undefined> {
  return transact(db, async (trx) => {
    const now = nowIso();
    const due = await trx
      .selectFrom('deliveries')
      .innerJoin('notifications', 'notifications.id', 'deliveries.notification_id')
      .selectAll('deliveries')
      .select(['notifications.subject', 'notifications.body'])
      .where('deliveries.status', '=', 'pending')
      .where('deliveries.next_attempt_at', '<=', now)
      .orderBy('deliveries.next_attempt_at')
      .limit(1)
      .executeTakeFirst();
    if (!due) return undefined;
    const claimed = await trx
      .updateTable('deliveries')
      .set({ status: 'sending', attempts: sql<number>`attempts + 1`, lease_until: new Date(Date.now() + leaseMs).toISOString() })
      .where('id', '=', due.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return undefined;
    return { ...toDelivery({ ...due, status: 'sending', attempts: Number(due.attempts) + 1 }), subject: due.subject, body: due.body };
  });
}

/** The delivery reached its channel. */
export async function markSent(db: Db, id: string): Promise<void> {
  await db.updateTable('deliveries').set({ status: 'sent', sent_at: nowIso(), lease_until: null, last_error: null }).where('id', '=', id).execute();
}

/** The delivery failed in a way worth trying again, at `nextAttemptAt`. */
export async function markRetry(db: Db, id: string, error: string, nextAttemptAt: Date): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ status: 'pending', next_attempt_at: nextAttemptAt.toISOString(), lease_until: null, last_error: error })
    .where('id', '=', id)
    .execute();
}

/** The delivery failed for good. */
export async function markFailed(db: Db, id: string, error: string): Promise<void> {
  await db.updateTable('deliveries').set({ status: 'failed', lease_until: null, last_error: error }).where('id', '=', id).execute();
}

/** What became of the deliveries whose relay was cut off while sending. */
export interface CutOff {
  /** Sent again (their channel marks a second copy as the same message). */
  resent: Delivery[];
  /** Failed as in doubt, never sent again. */
  failed: Delivery[];
}

/**
 * Deliveries whose relay was cut off while sending (the lease ran out): on a channel in `resend`,
 * due again at once (the next attempt carries the same Message-ID) unless `maxAttempts` were made;
 * otherwise failed as in doubt and never sent again. Returns both, so whoever must know can be told.
 */
export async function settleCutOff(db: Db, resend: ReadonlySet<string>, maxAttempts: number): Promise<CutOff> {
  return transact(db, async (trx) => {
    const now = nowIso();
    const stuck = await trx.selectFrom('deliveries').selectAll().where('status', '=', 'sending').where('lease_until', '<', now).execute();
    const outcome: CutOff = { resent: [], failed: [] };
    for (const row of stuck) {
      // A message whose sending keeps killing its relay is not tried forever.
      const again = resend.has(row.channel) && Number(row.attempts) < maxAttempts;
      const error = again
        ? 'cut off mid-send: sent again with the same Message-ID, so a copy the server took already is dropped as a duplicate'
        : resend.has(row.channel)
          ? `in doubt: the relay stopped while sending ${row.attempts} times; it is not sent again`
          : 'in doubt: the relay stopped while sending, so it may have been delivered; it is not sent again';
      const status = again ? 'pending' : 'failed';
      await trx
        .updateTable('deliveries')
        .set({ status, lease_until: null, last_error: error, ...(again && { next_attempt_at: now }) })
        .where('id', '=', row.id)
        .where('status', '=', 'sending')
        .execute();
      outcome[again ? 'resent' : 'failed'].push(toDelivery({ ...row, status, last_error: error }));
    }
    return outcome;
  });
}

/** Deliveries, newest first, by workflow, status and channel, a page at a time. */
export async function listDeliveries(
  db: Db,
  filter: {
    workflowId?: string | undefined;
    since?: string | undefined;
    status?: string | undefined;
    channel?: string | undefined;
    limit: number;
    offset: number;
  },
): Promise<Page<Delivery>> {
  let query = db.selectFrom('deliveries');
  if (filter.workflowId) query = query.where('workflow_id', '=', filter.workflowId);
  if (filter.since) query = query.where('created_at', '>=', filter.since);
  if (filter.status) query = query.where('status', '=', filter.status as DeliveriesTable['status']);
  if (filter.channel) query = query.where('channel', '=', filter.channel);
  const rows = await query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
  const { count } = await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return { items: rows.map(toDelivery), total: Number(count), limit: filter.limit, offset: filter.offset };
}
