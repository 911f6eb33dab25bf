/**
 * An AI task: a named question with a zod schema for its answer. Every AI call goes through one
 * provider interface that runs tasks: on OpenAI (structured outputs from the schema) when
 * configured, on the task's deterministic offline implementation otherwise. The answer is data,
 * checked against the schema: never an instruction, never an approval.
 */
import type { z } from 'zod';

/** A named AI task. */
export interface AiTask<Input, Output> {
  /** The task's name: the structured-output schema's name, and its offline implementation's key. */
  readonly name: string;
  /** What the answer must look like. */
  readonly output: z.ZodType<Output>;
  /** What the model is asked to do (the task's part of the system prompt). */
  readonly instruction: string;
  /** The user message for an input: untrusted data, delimited as such. */
  prompt(input: Input): string;
}

/** Runs AI tasks. */
export interface AiProvider {
  /** A short name recorded with every result ("openai:gpt-4o-mini", "offline"). */
  readonly name: string;
  /** Answer a task for an input; the answer fits the task's schema. */
  run<Input, Output>(task: AiTask<Input, Output>, input: Input): Promise<Output>;
}

/** The user message for a document: the document, delimited as data. */
export function documentPrompt(document: string): string {
  return `<document>\n${document}\n</document>`;
}
