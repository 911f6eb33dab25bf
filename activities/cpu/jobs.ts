/**
 * The CPU-heavy work the worker runs on its parser threads, named so the pool and the thread agree:
 * turning a document into text (PDF, email) and the offline implementations of AI tasks.
 */
import { runOffline } from '../ai/offline/index.js';
import { documentToText, type ParsedDocument } from '../documents.js';

/** Every job: its input and what it returns. */
export interface Jobs {
  parse: { input: { content: Uint8Array; contentType: string }; output: ParsedDocument };
  /** An AI task's offline implementation, by task name (its answer is checked by the caller). */
  ai: { input: { task: string; input: unknown }; output: unknown };
}

/** A job's name. */
export type JobName = keyof Jobs;

/** Run a job here, in this thread. */
export async function runJob<K extends JobName>(job: K, input: Jobs[K]['input']): Promise<Jobs[K]['output']> {
  const jobs: { [N in JobName]: (input: Jobs[N]['input']) => Promise<Jobs[N]['output']> } = {
    parse: (i) => documentToText(i.content, i.contentType),
    ai: async ({ task, input }) => runOffline(task, input),
  };
  return jobs[job](input);
}
