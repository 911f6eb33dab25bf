/**
 * A draft of a piece: a title, a short summary, and sections of paragraphs (Markdown links
 * `[text](https://...)` allowed inside a paragraph). A model writes one through this schema, the
 * offline composer writes one the same shape; the formats and the gates read it.
 */
import { z } from 'zod';
import { Finding } from '../findings.js';

/** One section of a draft. */
export const DraftSection = z.object({
  heading: z.string().trim().min(1).max(200),
  paragraphs: z.array(z.string().trim().min(1).max(3000)).min(1).max(20),
});
export type DraftSection = z.infer<typeof DraftSection>;

/** A draft. */
export const ContentDraft = z.object({
  title: z.string().trim().min(1).max(200).describe('The headline; also the newsletter subject'),
  summary: z.string().trim().min(1).max(600).describe('One or two sentences: the LinkedIn opening and the newsletter preview'),
  sections: z.array(DraftSection).min(1).max(30),
});
export type ContentDraft = z.infer<typeof ContentDraft>;

/** What a redraft is told: the gates' findings on the last version, and the editor's comments. */
export const DraftFeedback = z.object({
  findings: z.array(Finding),
  comments: z.array(z.string()).describe('Every change the editor asked for, oldest first'),
  version: z.number().int().describe('The version being written (1 is the first draft)'),
});
export type DraftFeedback = z.infer<typeof DraftFeedback>;

/** Every paragraph of a draft, the title and summary first, as plain text (links as their text and URL). */
export function draftParagraphs(draft: ContentDraft): string[] {
  return [draft.title, draft.summary, ...draft.sections.flatMap((s) => [s.heading, ...s.paragraphs])];
}

/** The links of a text: Markdown links and bare URLs. */
export function linksIn(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/\]\((https?:\/\/[^\s)]+)\)/g)) found.add(m[1]!);
  for (const m of text.replace(/\]\((https?:\/\/[^\s)]+)\)/g, ']').matchAll(/https?:\/\/[^\s)<>"\]]+/g)) found.add(m[0].replace(/[.,;:!?]+$/, ''));
  return [...found];
}

/** Markdown links as their text: what a reader reads. */
export function withoutLinkMarkup(text: string): string {
  return text.replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, '$1');
}
