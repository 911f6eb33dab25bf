/**
 * Mail in: an SMTP listener (`smtp-server`) whose mailboxes start processes (triggers/email/
 * mailboxes.ts). A mail is refused at once when its sender is not allowed (550), its mailbox does
 * not exist (550) or it is too large (552); an accepted mail is stored before the 250, so nothing
 * is lost when Temporal is down, and a starter then starts what it names, retrying until it can.
 * A Message-ID received before starts nothing new.
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerAuthentication, type SMTPServerSession } from 'smtp-server';
import type { Logger } from '../../config/logger.js';
import { claimDueMail, deferMail, markMailRejected, markMailStarted, storeMail, type InboundMail } from '../../db/inbound-mail.js';
import { allPeople } from '../../db/people.js';
import { HttpError } from '../../domain/errors.js';
import { mailboxOf, type MailboxDeps } from './mailboxes.js';

/** How long one start may take before another starter may take the mail up. */
const START_LEASE_MS = 60_000;
/** How long the calls to Temporal of one start may take (an unreachable server fails them, and the mail waits). */
const START_TIMEOUT_MS = 10_000;

/** An SMTP refusal with its reply code. */
function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/** A sender is allowed when the list is empty, or names the address or its domain. */
export function senderAllowed(allowed: readonly string[], address: string): boolean {
  if (allowed.length === 0) return true;
  const lower = address.toLowerCase();
  const domain = lower.split('@')[1] ?? '';
  return allowed.includes(lower) || allowed.includes(domain);
}

/** The header block of a raw mail (up to the first empty line), with the blank line that ends it. */
function headerBlock(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : raw.length;
  return raw.subarray(0, end);
}

/** A running listener. */
export interface MailListener {
  port: number;
  /** Start what is due now (the listener does it after each mail, and on a timer). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/** Start the SMTP listener and the starter behind it. */
export async function startMailListener(deps: MailboxDeps & { logger: Logger }): Promise<MailListener> {
  const { config, db, logger } = deps;
  const settings = config.emailIn;
  const auth = settings.users.size > 0;

  const server = new SMTPServer({
    name: 'business-processes',
    banner: 'Business processes mail in',
    size: config.http.maxDocumentBytes,
    // No TLS here: run it behind a relay that terminates TLS, or on a private network.
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(a: SMTPServerAuthentication, _session: SMTPServerSession, done: (err: Error | null | undefined, response?: { user: string }) => void) {
      if (a.username && settings.users.get(a.username) === a.password) return done(null, { user: a.username });
      done(smtpError(535, 'Authentication failed'));
    },
    onMailFrom(address: SMTPServerAddress, _session: SMTPServerSession, done: (err?: Error | null) => void) {
      if (!senderAllowed(settings.allowedSenders, address.address)) {
        logger.warn({ sender: address.address }, 'mail refused: sender not allowed');
        return done(smtpError(550, `5.7.1 Sender ${address.address} is not allowed to send here`));
      }
      done();
    },
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, done: (err?: Error | null) => void) {
      if (!mailboxOf(address.address)) {
        logger.warn({ to: address.address }, 'mail refused: no such mailbox');
        return done(smtpError(550, `5.1.1 No mailbox ${address.address} (invoices@ and alerts@ take mail)`));
      }
      done();
    },
    onData(stream, session, done: (err?: Error | null, message?: string) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return done(smtpError(552, `5.3.4 The mail is larger than ${Math.round(config.http.maxDocumentBytes / 1024 / 1024)} MB`));
        }
        const raw = Buffer.concat(chunks);
        receive(raw, session).then(
          (id) => {
            done(null, `Queued as ${id}`);
            kick();
          },
          (error: unknown) => {
            logger.error({ err: error }, 'mail could not be stored; the sender will retry');
            done(smtpError(451, '4.3.0 Could not store the mail; try again later'));
          },
        );
      });
    },
  });

  /** Store the mail once per mailbox it was sent to. */
  async function receive(raw: Buffer, session: SMTPServerSession): Promise<string> {
    // Only the headers are read before the 250 (Message-ID, subject); the whole mail is parsed when it starts.
    const parsed = await simpleParser(headerBlock(raw));
    const messageId = parsed.messageId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '';
    const ids: string[] = [];
    for (const to of session.envelope.rcptTo) {
      const box = mailboxOf(to.address)!;
      const stored = await storeMail(db, { messageId, mailbox: box.name, sender, subject: parsed.subject ?? '', raw });
      if (!stored.created) logger.info({ messageId, mailbox: box.name }, 'mail received before: nothing new starts');
      ids.push(stored.id);
    }
    return ids.join(',');
  }

  async function startOne(mail: InboundMail): Promise<void> {
    const box = mailboxOf(`${mail.mailbox}@`);
    if (!box) return markMailRejected(db, mail.id, `No mailbox ${mail.mailbox}`);
    try {
      const parsed = await simpleParser(Buffer.from(mail.raw));
      const person = (await allPeople(db)).find((p) => p.email?.toLowerCase() === mail.sender);
      const started = await deps.client.connection.withDeadline(Date.now() + (settings.startTimeoutMs ?? START_TIMEOUT_MS), () =>
        box.start(deps, {
          messageId: mail.messageId,
          raw: mail.raw,
          parsed,
          sender: mail.sender,
          submittedBy: person?.user ?? `email:${mail.sender}`,
        }),
      );
      await markMailStarted(db, mail.id, started);
      logger.info({ mail: mail.id, mailbox: mail.mailbox, started }, 'mail started its processes');
    } catch (error) {
      // A refusal (a quota, say) will not pass by retrying; anything else (Temporal down) may.
      if (error instanceof HttpError && error.status < 500 && error.status !== 429) {
        await markMailRejected(db, mail.id, error.message);
        logger.warn({ mail: mail.id, reason: error.message }, 'mail rejected');
        return;
      }
      const wait = Math.min(settings.retryMs * 2 ** Math.min(mail.attempts - 1, 6), 3_600_000);
      await deferMail(db, mail.id, error instanceof Error ? error.message : String(error), wait);
      logger.warn({ mail: mail.id, err: error, retryInMs: wait }, 'mail could not start its processes yet; retrying later');
    }
  }

  let draining: Promise<void> | undefined;
  const kick = () => void listener.drain().catch((error: unknown) => logger.error({ err: error }, 'mail starter failed'));
  const listener: MailListener = {
    port: 0,
    drain() {
      draining ??= (async () => {
        try {
          for (let mail = await claimDueMail(db, START_LEASE_MS); mail; mail = await claimDueMail(db, START_LEASE_MS)) await startOne(mail);
        } finally {
          draining = undefined;
        }
      })();
      return draining;
    },
    async stop() {
      clearInterval(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await draining?.catch(() => {});
    },
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${settings.port} is in use; set SMTP_IN_PORT to a free one (or SMTP_IN_ENABLED=false).`) : error),
    );
    server.listen(settings.port, settings.host, () => resolve());
  });
  server.on('error', (error: Error) => logger.error({ err: error }, 'SMTP listener error'));
  listener.port = (server.server.address() as AddressInfo).port;
  const timer = setInterval(kick, Math.min(settings.retryMs, 5000));
  timer.unref();
  kick();
  return listener;
}
