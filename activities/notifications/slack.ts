/**
 * Slack through incoming webhooks: a JSON `text` (and blocks) POSTed to the person's webhook URL.
 * 200 "ok" is sent; 429 carries Retry-After; 4xx (invalid_payload, channel_not_found,
 * channel_is_archived, ...) are permanent.
 */
import { httpOutcome, networkFailure, type DeliveryChannel } from './channel.js';

/** The Slack channel. */
export function slackChannel(timeoutMs = 10_000): DeliveryChannel {
  return {
    name: 'slack',
    cutOff: 'fail',
    async send(message) {
      let response: Response;
      try {
        response = await fetch(message.address, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            text: `${message.subject}\n${message.body}`,
            blocks: [
              { type: 'header', text: { type: 'plain_text', text: message.subject.slice(0, 150) } },
              { type: 'section', text: { type: 'mrkdwn', text: message.body.slice(0, 3000) } },
            ],
          }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw networkFailure('Slack', error);
      }
      await httpOutcome(response, 'Slack');
    },
  };
}
