/**
 * The content process's fixed rules: platforms and their limits, and the ids of a piece. Pure and
 * schema-free, for workflow code (see test/unit/workflow-bundle.test.ts).
 */

/** Where a piece can be published. */
export const PLATFORMS = ['blog', 'linkedin', 'x', 'newsletter'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** The platforms' limits the gates check. */
export const PLATFORM_LIMITS = {
  /** A blog post is within this share of the brief's word count, either way. */
  blogWordTolerance: 0.2,
  /** The blog's word count when the brief gives none. */
  defaultWordCount: 600,
  linkedinCharacters: 3000,
  /** X's weighted length (twitter-text): a URL counts 23, most emoji 2. */
  xPostLength: 280,
  newsletterSubject: 80,
} as const;

/** A piece's workflow id. */
export function contentWorkflowId(id: string): string {
  return `content-${id}`;
}
