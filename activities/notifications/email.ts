/**
 * Email over SMTP (nodemailer). A 4xx reply is temporary and retried, a 5xx reply permanent; a
 * server that cannot be reached is retried. Each delivery has its own Message-ID, the same on every
 * attempt: a send cut off before the server's answer is sent again, and should the server have
 * taken the first copy after all, the receiving mail system drops the second as a duplicate.
 */
import nodemailer from 'nodemailer';
import { DeliveryError, type DeliveryChannel } from './channel.js';

/** The email channel, sending through the SMTP server at `smtpUrl` (smtp://user:pass@host:port). */
export function emailChannel(options: { smtpUrl: string; from: string }): DeliveryChannel {
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    name: 'email',
    cutOff: 'resend',
    async send(message) {
      try {
        await transport.sendMail({
          from: options.from,
          to: message.address,
          subject: message.subject,
          text: message.body,
          messageId: `<${message.id}@business-processes>`,
        });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const text = error instanceof Error ? error.message : String(error);
        throw new DeliveryError(`SMTP: ${text}`, code === undefined || code < 500);
      }
    },
  };
}
