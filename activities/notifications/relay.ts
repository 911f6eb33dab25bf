/**
 * The relay: delivers what the outbox holds. It claims one due delivery at a time (many relays, in
 * many worker processes, share the work safely), sends it on its channel and records the attempt:
 * sent; retried later (backoff, or the service's Retry-After); or failed for good (a permanent
 * error, too many attempts, or cut off mid-send and so in doubt), when the admins are told. An email
 * cut off mid-send is sent again with its Message-ID: the person gets it once.
 */
import type { Logger } from '../../config/logger.js';
import type { Db } from '../../db/connect.js';
import { claimDueDelivery, settleCutOff, markFailed, markRetry, markSent, type Delivery } from '../../db/deliveries.js';
import { enqueueNotification } from '../../db/notifications.js';
import { DeliveryError, type DeliveryChannel } from './channel.js';
import { deliveries } from '../../config/metrics.js';

/** How the relay runs. */
export interface RelayOptions {
  db: Db;
  channels: DeliveryChannel[];
  logger: Logger;
  /** How often it looks for due deliveries when there were none. */
  intervalMs: number;
  /** Attempts before a retryable failure counts as final. */
  maxAttempts: number;
  /** How long a delivery may stay `sending` before it counts as cut off. */
  leaseMs?: number;
}

/** A running relay. */
export interface Relay {
  /** Deliver everything due now (tests and shutdown call it; the loop calls it too). */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

/** Backoff after the n-th failed attempt: 2 s, 4 s, 8 s, ... at most 5 minutes. */
function backoffMs(attempts: number): number {
  return Math.min(2000 * 2 ** (attempts - 1), 300_000);
}

/** Tell the admins that a delivery failed for good (not for failures of such a message itself). */
async function alertAdmins(db: Db, delivery: Delivery, error: string): Promise<void> {
  const note = await db.selectFrom('notifications').select(['key', 'subject']).where('id', '=', delivery.notificationId).executeTakeFirst();
  if (!note || note.key.startsWith('delivery-failed:')) return;
  await enqueueNotification(db, {
    key: `delivery-failed:${delivery.id}`,
    workflowId: delivery.workflowId,
    channel: 'inbox',
    recipient: 'role:admin',
    subject: `A message could not be delivered: ${note.subject}`,
    body: `The ${delivery.channel} message to ${delivery.recipient} (${delivery.address ?? 'no address'}) failed after ${delivery.attempts} attempt(s): ${error}`,
  });
}

/** Start the relay loop. */
export function startRelay(options: RelayOptions): Relay {
  const { db, logger } = options;
  const channels = new Map(options.channels.map((c) => [c.name as string, c]));
  const resendable = new Set(options.channels.filter((c) => c.cutOff === 'resend').map((c) => c.name as string));
  const leaseMs = options.leaseMs ?? 60_000;
  let stopped = false;
  let running: Promise<number> | undefined;

  async function deliverOne(): Promise<boolean> {
    const delivery = await claimDueDelivery(db, leaseMs);
    if (!delivery) return false;
    const channel = channels.get(delivery.channel);
    const fail = async (error: string) => {
      await markFailed(db, delivery.id, error);
      deliveries.inc({ channel: delivery.channel, outcome: 'failed' });
      logger.warn({ deliveryId: delivery.id, channel: delivery.channel, recipient: delivery.recipient, error }, 'delivery failed for good');
      await alertAdmins(db, { ...delivery, status: 'failed' }, error);
    };
    if (!channel) {
      await fail(`the ${delivery.channel} channel is not configured (see the README's notification variables)`);
      return true;
    }
    if (!delivery.address) {
      await fail(`${delivery.recipient} has no address for ${delivery.channel}`);
      return true;
    }
    try {
      await channel.send({ id: delivery.id, address: delivery.address, subject: delivery.subject, body: delivery.body });
      await markSent(db, delivery.id);
      deliveries.inc({ channel: delivery.channel, outcome: 'sent' });
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError(error instanceof Error ? error.message : String(error), true);
      if (!failure.retryable) await fail(failure.message);
      else if (delivery.attempts >= options.maxAttempts) await fail(`${failure.message} (after ${delivery.attempts} attempts)`);
      else {
        await markRetry(db, delivery.id, failure.message, new Date(Date.now() + (failure.retryAfterMs ?? backoffMs(delivery.attempts))));
        deliveries.inc({ channel: delivery.channel, outcome: 'retry' });
      }
    }
    return true;
  }

  async function drainOnce(): Promise<number> {
    const cutOff = await settleCutOff(db, resendable, options.maxAttempts);
    for (const delivery of cutOff.resent) {
      deliveries.inc({ channel: delivery.channel, outcome: 'resent_after_cut_off' });
      logger.warn({ deliveryId: delivery.id, channel: delivery.channel }, 'a delivery was cut off mid-send; sending it again with the same Message-ID');
    }
    for (const delivery of cutOff.failed) {
      deliveries.inc({ channel: delivery.channel, outcome: 'in_doubt' });
      logger.warn({ deliveryId: delivery.id, channel: delivery.channel }, 'a delivery was cut off mid-send; not sending it again');
      await alertAdmins(db, delivery, delivery.lastError ?? 'in doubt');
    }
    let delivered = 0;
    while (!stopped && (await deliverOne())) delivered++;
    return delivered;
  }

  // One pass at a time: a drain asked for during a pass runs after it.
  let busy = false;
  const drain = (): Promise<number> => {
    running = (running ?? Promise.resolve(0)).then(drainOnce, drainOnce).finally(() => (busy = false));
    busy = true;
    return running;
  };

  // A tick while a pass runs (a slow channel) is skipped rather than queued behind it.
  const timer = setInterval(() => {
    if (busy) return;
    drain().catch((error: unknown) => logger.error({ err: error }, 'the notification relay failed; it tries again'));
  }, options.intervalMs);
  timer.unref();

  return {
    drain,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => 0);
    },
  };
}
