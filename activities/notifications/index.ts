/** The channels the relay delivers on, as configured: Slack always (each person has a webhook URL), email with SMTP_URL, SMS with Twilio's variables. */
import type { AppConfig } from '../../config/index.js';
import type { DeliveryChannel } from './channel.js';
import { emailChannel } from './email.js';
import { slackChannel } from './slack.js';
import { smsChannel } from './sms.js';

/** The configured delivery channels. */
export function configuredChannels(config: AppConfig['notifications']): DeliveryChannel[] {
  const channels: DeliveryChannel[] = [slackChannel()];
  if (config.smtpUrl) channels.push(emailChannel({ smtpUrl: config.smtpUrl, from: config.mailFrom }));
  if (config.twilio) channels.push(smsChannel(config.twilio));
  return channels;
}
