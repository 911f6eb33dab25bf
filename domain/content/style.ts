/**
 * The house style (GET/PUT /api/content-style): a Vale-like list of rules, each either a word or
 * phrase to `ban`, or a word to `prefer` over another. The style gate applies them to every draft.
 */
import { z } from 'zod';

const phrase = z.string().trim().min(1).max(60);

/** One style rule. */
export const StyleRule = z.union([
  z.object({ ban: phrase, reason: z.string().trim().max(200).optional() }).strict(),
  z.object({ prefer: phrase, over: phrase, reason: z.string().trim().max(200).optional() }).strict(),
]);
export type StyleRule = z.infer<typeof StyleRule>;

/** The house style. */
export const ContentStyle = z.object({ rules: z.array(StyleRule).max(500) }).strict();
export type ContentStyle = z.infer<typeof ContentStyle>;

/** The style in force until someone sets one. */
export const DEFAULT_STYLE: ContentStyle = {
  rules: [
    { prefer: 'use', over: 'utilize', reason: 'plain words' },
    { prefer: 'help', over: 'facilitate', reason: 'plain words' },
    { prefer: 'start', over: 'commence', reason: 'plain words' },
    { ban: 'synergy', reason: 'jargon' },
    { ban: 'best-in-class', reason: 'an empty claim' },
    { ban: 'world-class', reason: 'an empty claim' },
  ],
};
