/**
 * A content brief: what marketing asks for (a topic, an audience, the platforms it goes to, the
 * words it must and must not use, its links, its length and when it goes out). The draft, the
 * gates and the formats all read it.
 */
import { z } from 'zod';
import { PLATFORMS } from './rules.js';

const text = (max: number) => z.string().trim().min(1).max(max);

/** A brief as submitted. */
export const ContentBrief = z
  .object({
    title: text(200).describe('The working title'),
    topic: text(2000).describe('What the piece is about, in a sentence or a few'),
    audience: text(300).describe('Who reads it ("finance teams at mid-sized companies")'),
    goal: text(500).optional().describe('What the reader should do or know afterwards'),
    platforms: z
      .array(z.enum(PLATFORMS))
      .min(1)
      .max(PLATFORMS.length)
      .refine((p) => new Set(p).size === p.length, 'each platform once')
      .describe('Where it is published: blog, linkedin, x, newsletter'),
    tone: text(100).optional().describe('"friendly", "formal", ...'),
    keywords: z.array(text(60)).max(20).default([]).describe('Words the piece must use (each at least once)'),
    mustInclude: z.array(text(300)).max(20).default([]).describe('Points the piece must make, each as written'),
    bannedWords: z.array(text(60)).max(100).default([]).describe('Words the piece must not use'),
    links: z
      .array(z.url({ protocol: /^https?$/ }).max(2000))
      .max(20)
      .default([])
      .describe('Links the piece must carry (each must answer)'),
    wordCount: z.number().int().min(150).max(5000).optional().describe('The blog post’s length in words (±20 %); default 600'),
    readability: z.number().min(0).max(100).optional().describe('The lowest Flesch reading ease allowed; default CONTENT_READABILITY_TARGET'),
    publishAt: z.iso.datetime({ offset: true }).optional().describe('When to publish once approved (ISO 8601); now when absent or past'),
  })
  .strict();
export type ContentBrief = z.infer<typeof ContentBrief>;
