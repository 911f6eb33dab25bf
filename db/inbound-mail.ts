/** Mail the SMTP listener received: stored before anything starts, once per Message-ID and mailbox. */
import type { Db } from './connect.js';
import type { InboundMailTable } from './schema.js';
import { newId, nowIso } from './util.js';

/** A stored mail. */
export interface InboundMail {
  id: string;
  messageId: string;
  mailbox: string;
  sender: string;
  subject: string;
  raw: Uint8Array;
  status: 'received' | 'started' | 'rejected';
  attempts: number;
  lastError: string | null;
  started: unknown;
  receivedAt: string;
}

function toMail(row: InboundMailTable): InboundMail {
  return {
    id: row.id,
    messageId: row.message_id,
    mailbox: row.mailbox,
    sender: row.sender,
    subject: row.subject,
    raw: row.raw,
    status: row.status as InboundMail['status'],
    attempts: Number(row.attempts),
    lastError: row.last_error,
    started: row.started === null ? null : (JSON.parse(row.started) as unknown),
    receivedAt: row.received_at,
  };
}

/** Store a mail; `created` is false when the same Message-ID came to the same mailbox before. */
export async function storeMail(
  db: Db,
  mail: { messageId: string; mailbox: string; sender: string; subject: string; raw: Uint8Array },
): Promise<{ id: string; created: boolean }> {
  const now = nowIso();
  const result = await db
    .insertInto('inbound_mail')
    .values({
      id: newId('mail'),
      message_id: mail.messageId,
      mailbox: mail.mailbox,
      sender: mail.sender,
      subject: mail.subject,
      raw: mail.raw,
      status: 'received',
      attempts: 0,
      last_error: null,
      started: null,
      next_attempt_at: now,
      received_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['message_id', 'mailbox']).doNothing())
    .executeTakeFirst();
  const row = await db
    .selectFrom('inbound_mail')
    .select('id')
    .where('message_id', '=', mail.messageId)
    .where('mailbox', '=', mail.mailbox)
    .executeTakeFirstOrThrow();
  return { id: row.id, created: Number(result.numInsertedOrUpdatedRows ?? 0) > 0 };
}

/**
 * Claim the next mail due to be started (none under way elsewhere): its next attempt moves `leaseMs`
 * ahead, so another starter leaves it alone while this one works, and takes it up if this one died.
 */
export async function claimDueMail(db: Db, leaseMs: number): Promise<InboundMail | undefined> {
  const now = nowIso();
  const due = await db
    .selectFrom('inbound_mail')
    .selectAll()
    .where('status', '=', 'received')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(1)
    .executeTakeFirst();
  if (!due) return undefined;
  const claimed = await db
    .updateTable('inbound_mail')
    .set({ next_attempt_at: new Date(Date.now() + leaseMs).toISOString(), attempts: Number(due.attempts) + 1, updated_at: now })
    .where('id', '=', due.id)
    .where('next_attempt_at', '=', due.next_attempt_at)
    .where('status', '=', 'received')
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1 ? toMail({ ...due, attempts: Number(due.attempts) + 1 }) : claimDueMail(db, leaseMs);
}

/** The mail started what it names. */
export async function markMailStarted(db: Db, id: string, started: unknown): Promise<void> {
  await db
    .updateTable('inbound_mail')
    .set({ status: 'started', started: JSON.stringify(started), last_error: null, updated_at: nowIso() })
    .where('id', '=', id)
    .execute();
}

/** Nothing can start from the mail (the reason is kept). */
export async function markMailRejected(db: Db, id: string, reason: string): Promise<void> {
  await db.updateTable('inbound_mail').set({ status: 'rejected', last_error: reason, updated_at: nowIso() }).where('id', '=', id).execute();
}

/** The start failed for a reason that may pass (Temporal down): try again after `retryInMs`. */
export async function deferMail(db: Db, id: string, error: string, retryInMs: number): Promise<void> {
  await db
    .updateTable('inbound_mail')
    .set({ last_error: error, next_attempt_at: new Date(Date.now() + retryInMs).toISOString(), updated_at: nowIso() })
    .where('id', '=', id)
    .execute();
}

/** Mails, newest first. */
export async function listMail(db: Db, limit = 50): Promise<InboundMail[]> {
  return (await db.selectFrom('inbound_mail').selectAll().orderBy('received_at', 'desc').limit(limit).execute()).map(toMail);
}
