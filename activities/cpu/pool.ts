/**
 * A small pool of worker threads for CPU-heavy parsing. The worker's main thread carries every
 * workflow task and activity of every process; a document that takes seconds to read must not hold
 * them. A job that runs past its time limit has its thread ended and replaced, and fails.
 */
import { Worker } from 'node:worker_threads';
import { UnreadableDocumentError } from '../documents.js';
import type { JobName, Jobs } from './jobs.js';

/** A job ran past PARSER_TIMEOUT; its thread was ended. */
export class ParserTimeoutError extends Error {
  constructor(job: string, ms: number) {
    super(`Reading the document (${job}) took longer than ${Math.round(ms / 1000)} s and was stopped.`);
    this.name = 'ParserTimeoutError';
  }
}

/** Runs jobs on threads. */
export interface CpuPool {
  run<K extends JobName>(job: K, input: Jobs[K]['input']): Promise<Jobs[K]['output']>;
  close(): Promise<void>;
}

interface Pending {
  id: number;
  job: JobName;
  input: unknown;
  resolve: (value: never) => void;
  reject: (error: Error) => void;
}

interface Slot {
  thread: Worker;
  current?: Pending & { timer: NodeJS.Timeout };
}

const fromSource = import.meta.url.endsWith('.ts');
const threadEntry = new URL(`./thread.${fromSource ? 'ts' : 'js'}`, import.meta.url).href;

/** Start a thread. From TypeScript sources (tsx), the thread registers tsx before loading its entry. */
function spawnThread(): Worker {
  if (!fromSource) return new Worker(new URL(threadEntry));
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(threadEntry)}));`;
  return new Worker(boot, { eval: true });
}

/** Errors come back by name: an unreadable document stays an unreadable document. */
function revive(error: { name: string; message: string }): Error {
  if (error.name === 'UnreadableDocumentError') return new UnreadableDocumentError(error.message);
  const revived = new Error(error.message);
  revived.name = error.name;
  return revived;
}

/** A pool of `threads` threads; each job may run `timeoutMs` at most. */
export function createCpuPool(options: { threads: number; timeoutMs: number }): CpuPool {
  const queue: Pending[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  function finish(slot: Slot, settle: (p: Pending) => void): void {
    const job = slot.current;
    if (!job) return;
    clearTimeout(job.timer);
    slot.current = undefined;
    settle(job);
    dispatch();
  }

  function addSlot(): Slot {
    const slot: Slot = { thread: spawnThread() };
    slot.thread.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: { name: string; message: string } }) => {
      if (slot.current?.id !== m.id) return;
      finish(slot, (p) => (m.ok ? p.resolve(m.value as never) : p.reject(revive(m.error!))));
    });
    slot.thread.on('error', (error) => replace(slot, error));
    slot.thread.on('exit', () => {
      if (!closed && slots.includes(slot)) replace(slot, new Error('The parser thread stopped unexpectedly.'));
    });
    slot.thread.unref();
    slots.push(slot);
    return slot;
  }

  /** End a thread (stuck, crashed) and fail its job; a fresh thread takes its place. */
  function replace(slot: Slot, error: Error): void {
    slots.splice(slots.indexOf(slot), 1);
    void slot.thread.terminate();
    finish(slot, (p) => p.reject(error));
    if (!closed) dispatch();
  }

  function dispatch(): void {
    while (queue.length > 0) {
      const idle = slots.find((s) => !s.current) ?? (slots.length < options.threads ? addSlot() : undefined);
      if (!idle) return;
      const job = queue.shift()!;
      const timer = setTimeout(() => replace(idle, new ParserTimeoutError(job.job, options.timeoutMs)), options.timeoutMs);
      idle.current = { ...job, timer };
      idle.thread.postMessage({ id: job.id, job: job.job, input: job.input });
    }
  }

  return {
    run(job, input) {
      if (closed) return Promise.reject(new Error('The parser pool is closed.'));
      return new Promise((resolve, reject) => {
        queue.push({ id: nextId++, job, input, resolve: resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const p of queue.splice(0)) p.reject(new Error('The parser pool is closed.'));
      await Promise.all(slots.splice(0).map((s) => s.thread.terminate()));
    },
  };
}
