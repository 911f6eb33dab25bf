/**
 * The CPU-heavy work the worker runs on its parser threads, named so the pool and the thread agree:
 * turning a document into text (PDF, email) and the offline reader's classification and extraction.
 */
import type { Classification, ExtractedInvoice } from '../../domain/invoice.js';
import { classifyOffline } from '../ai/offline/classify.js';
import { extractInvoiceOffline } from '../ai/offline/extract.js';
import { documentToText, type ParsedDocument } from '../documents.js';

/** Every job: its input and what it returns. */
export interface Jobs {
  parse: { input: { content: Uint8Array; contentType: string }; output: ParsedDocument };
  classify: { input: string; output: Classification };
  extract: { input: string; output: ExtractedInvoice };
}

/** A job's name. */
export type JobName = keyof Jobs;

/** Run a job here, in this thread. */
export async function runJob<K extends JobName>(job: K, input: Jobs[K]['input']): Promise<Jobs[K]['output']> {
  const jobs: { [N in JobName]: (input: Jobs[N]['input']) => Promise<Jobs[N]['output']> } = {
    parse: (i) => documentToText(i.content, i.contentType),
    classify: async (text) => classifyOffline(text),
    extract: async (text) => extractInvoiceOffline(text),
  };
  return jobs[job](input);
}
