/** The digest's step: each person's pending tasks, as one message on their channels, once per run. */
import { listApprovalTasks } from '../../db/approvals.js';
import { enqueueNotification } from '../../db/notifications.js';
import { allPeople } from '../../db/people.js';
import { digestMessage, type DigestDetails, type DigestRequest } from '../../domain/digest.js';
import { inboxTaskPath, sideEffectKey } from '../../domain/ids.js';
import type { ActivityDeps } from '../deps.js';

/** Tasks listed in one digest (the rest are counted). */
const LISTED = 20;

/** The digest activities. */
export function digestActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    /** Queue a digest for each person the request names (keyed by run and person: a retry sends none twice). */
    async sendTaskDigests(input: DigestRequest & { workflowId: string }): Promise<DigestDetails> {
      const people = (await allPeople(db)).filter(
        (p) => (!input.roles || p.roles.some((r) => input.roles!.includes(r))) && (!input.users || input.users.includes(p.user)),
      );
      const details: DigestDetails = { people: people.length, sent: 0, tasks: 0 };
      for (const person of people) {
        const pending = await listApprovalTasks(db, { status: 'pending', user: person.user, roles: person.roles, limit: LISTED, offset: 0 });
        if (pending.total === 0 && !input.sendWhenEmpty) continue;
        const tasks = pending.items.map((t) => ({ ...t, link: `${deps.links.baseUrl}${inboxTaskPath(t.id)}` }));
        const message = digestMessage(person.name, tasks, pending.total);
        await enqueueNotification(db, {
          key: sideEffectKey(input.workflowId, `digest-${person.user}`),
          workflowId: input.workflowId,
          channel: 'digest',
          recipient: person.user,
          ...message,
        });
        details.sent++;
        details.tasks += pending.total;
      }
      return details;
    },
  };
}
