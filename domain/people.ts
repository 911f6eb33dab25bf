/** People and where to reach them: the people directory every process's messages go through. */
import { z } from 'zod';
import { ROLES } from './roles.js';

/** Where a person can be reached. */
export const Channel = z.enum(['inbox', 'email', 'slack', 'sms']);
export type Channel = z.infer<typeof Channel>;

const fields = {
  user: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only')
    .describe('The user name tokens use (AUTH_TOKENS)'),
  name: z.string().trim().min(1).max(200),
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  email: z.email().max(254).optional(),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +4915112345678')
    .optional(),
  slackWebhookUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional()
    .describe('A Slack incoming webhook URL'),
  channels: z.array(Channel).min(1).max(4).describe('Where messages to this person go'),
};

/** Each channel needs its address: email an email, sms a phone, slack a webhook URL. */
function addressesFor<
  T extends { channels?: Channel[] | undefined; email?: string | undefined; phone?: string | undefined; slackWebhookUrl?: string | undefined },
>(person: T, ctx: z.RefinementCtx): void {
  const needs: [Channel, keyof T & string][] = [
    ['email', 'email'],
    ['sms', 'phone'],
    ['slack', 'slackWebhookUrl'],
  ];
  for (const [channel, field] of needs) {
    if (person.channels?.includes(channel) && !person[field]) {
      ctx.addIssue({ code: 'custom', path: [field], message: `the ${channel} channel needs ${field}` });
    }
  }
}

/** A person as the directory holds them. */
export const Person = z.object({ ...fields, createdAt: z.string(), updatedAt: z.string() });
export type Person = z.infer<typeof Person>;

/** A person to add. */
export const NewPerson = z.object(fields).superRefine(addressesFor);
export type NewPerson = z.infer<typeof NewPerson>;

/** A change to a person: any field but the user name. */
export const PersonChange = z
  .object({ ...fields, email: fields.email.nullable(), phone: fields.phone.nullable(), slackWebhookUrl: fields.slackWebhookUrl.nullable() })
  .omit({ user: true })
  .partial();
export type PersonChange = z.infer<typeof PersonChange>;
