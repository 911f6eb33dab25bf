/**
 * The daily digest: a small process of its own, usually scheduled, that tells each person what
 * waits for them (the pending tasks they may act on, across every process) on their channels.
 */
import { z } from 'zod';
import type { RunStatus } from './process.js';
import { ROLES } from './roles.js';

/** Whom a digest goes to: everyone by default, or holders of these roles, or these people. */
export const DigestRequest = z.object({
  roles: z.array(z.enum(ROLES)).max(ROLES.length).optional().describe('Only people holding one of these roles'),
  users: z.array(z.string().min(1).max(64)).max(500).optional().describe('Only these people'),
  sendWhenEmpty: z.boolean().default(false).describe('Also tell people with nothing pending'),
});
export type DigestRequest = z.infer<typeof DigestRequest>;

/** The digest workflow's input. */
export type DigestInput = DigestRequest & { startedBy: string };

/** What one digest run did. */
export interface DigestDetails {
  people: number;
  sent: number;
  tasks: number;
}

export type DigestStatus = 'sending' | 'sent' | 'failed';

/** The digest's status: the shared shape with its details. */
export type DigestState = RunStatus & { process: 'digest'; status: DigestStatus; details: DigestDetails };

/** The digest of one person's pending tasks: a subject and a body with a line per task. */
export function digestMessage(
  name: string,
  tasks: { subject: string; process: string; kind: string; dueAt: string | null; link: string }[],
  total: number,
): { subject: string; body: string } {
  if (total === 0) return { subject: 'Nothing waits for you', body: `Hello ${name}, no task waits for you today.` };
  const lines = tasks.map((t) => `- [${t.process}] ${t.subject} (${t.kind}${t.dueAt ? `, due ${t.dueAt.slice(0, 16).replace('T', ' ')} UTC` : ''}): ${t.link}`);
  const more = total > tasks.length ? [`...and ${total - tasks.length} more in the inbox.`] : [];
  return {
    subject: `${total} task${total === 1 ? '' : 's'} wait${total === 1 ? 's' : ''} for you`,
    body: [`Hello ${name}, these wait for you:`, ...lines, ...more].join('\n'),
  };
}
