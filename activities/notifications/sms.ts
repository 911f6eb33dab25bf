/**
 * SMS through Twilio's Messages API: a form-encoded POST of To, From and Body to
 * {TWILIO_BASE_URL}/2010-04-01/Accounts/{sid}/Messages.json with basic auth. 201 is sent; 429 and
 * 5xx are retried; other 4xx (21610 unsubscribed, 21211 invalid number, ...) are permanent.
 */
import { httpOutcome, networkFailure, type DeliveryChannel } from './channel.js';

/** How to reach Twilio. */
export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  from: string;
  baseUrl: string;
  timeoutMs?: number;
}

/** The SMS channel. */
export function smsChannel(options: TwilioOptions): DeliveryChannel {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  return {
    name: 'sms',
    cutOff: 'fail',
    async send(message) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ To: message.address, From: options.from, Body: `${message.subject}: ${message.body}`.slice(0, 1600) }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        throw networkFailure('Twilio', error);
      }
      await httpOutcome(response, 'Twilio');
    },
  };
}
