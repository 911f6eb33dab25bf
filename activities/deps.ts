/** What the activities need from the outside world, and helpers every group of them uses. */
import { Context } from '@temporalio/activity';
import type { AppConfig } from '../config/index.js';
import type { Db } from '../db/connect.js';
import type { AiProvider } from './ai/tasks.js';
import type { CpuPool } from './cpu/pool.js';

/** What the activities need from the outside world. */
export interface ActivityDeps {
  db: Db;
  /** The configured AI provider (OpenAI or offline). */
  ai: AiProvider;
  /** The provider used when the configured one fails for good: the offline reader. */
  fallbackAi: AiProvider;
  /** The key decisions are signed with by the API (DECISION_SIGNING_KEY). */
  decisionSigningKey: string;
  /** The most line items an invoice may have (MAX_LINE_ITEMS). */
  maxLineItems: number;
  /** The threads documents are parsed on, off the thread that runs workflow tasks. */
  cpu: CpuPool;
  /** Links in messages (acknowledge links): the API's public URL and how long a link is valid. */
  links: { baseUrl: string; ttlMs: number };
  /** What starting a process from an activity needs (the heartbeat check raises alerts): the alert settings and the task queue. */
  config: Pick<AppConfig, 'alerts' | 'temporal' | 'leads' | 'openai' | 'content' | 'links' | 'payloadKeys'>;
}

/**
 * Run a long step while telling Temporal every two seconds that this worker is still at it. If the
 * worker dies, the heartbeats stop and the step is retried elsewhere after the heartbeat timeout
 * (seconds), not after its whole start-to-close timeout (minutes). A local activity does not
 * heartbeat: a worker that dies loses its workflow task, and the next worker runs the step again.
 */
export async function heartbeating<T>(work: () => Promise<T>): Promise<T> {
  const context = Context.current();
  // A local activity runs inside its workflow's task, which the worker keeps alive itself: nothing to heartbeat.
  if (context.info.isLocal) return work();
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), 2000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
