/**
 * The quality gates, deterministic: each returns findings (`code`, `message`, `severity`, and the
 * platform or part it is about as `field`). An `error` fails the gate: the draft is written again
 * with the findings as feedback, and after the limit the editor sees it with them. The reachable-
 * links gate and the near-duplicate gate get what they need from outside (the link checks' results,
 * the published pieces), so every function here is pure.
 */
import twitter from 'twitter-text';
import type { Finding } from '../findings.js';
import type { ContentBrief } from './brief.js';
import { draftParagraphs, linksIn, withoutLinkMarkup, type ContentDraft } from './draft.js';
import type { ContentFormats } from './formats.js';
import { PLATFORM_LIMITS } from './rules.js';
import type { ContentStyle } from './style.js';

/** Words of a text (links count as their text). */
export function countWords(text: string): number {
  return withoutLinkMarkup(text)
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Syllables of an English word, by vowel groups (the usual estimate). */
export function syllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length <= 3) return 1;
  const trimmed = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, '').replace(/^y/, '');
  return Math.max(1, trimmed.match(/[aeiouy]{1,2}/g)?.length ?? 1);
}

/** Flesch reading ease: 206.835 - 1.015 x words per sentence - 84.6 x syllables per word (higher is easier). */
export function fleschReadingEase(text: string): number {
  const plain = withoutLinkMarkup(text);
  const sentences = plain.split(/[.!?]+(?:\s|$)/).filter((s) => /[\p{L}]/u.test(s)).length || 1;
  const all = plain.split(/\s+/).filter((w) => /[\p{L}]/u.test(w));
  if (all.length === 0) return 100;
  const syl = all.reduce((n, w) => n + syllables(w), 0);
  return Math.round((206.835 - 1.015 * (all.length / sentences) - 84.6 * (syl / all.length)) * 10) / 10;
}

/** X's length of a post: URLs count 23, most emoji and CJK characters 2 (twitter-text's weighting). */
export function xLength(post: string): number {
  return twitter.parseTweet(post).weightedLength;
}

/** Personal data and secret-like strings in a text that the brief does not carry itself. */
export function personalData(
  text: string,
  brief: Pick<ContentBrief, 'topic' | 'mustInclude' | 'links'>,
): { kind: 'email' | 'phone' | 'secret'; value: string }[] {
  const allowed = [brief.topic, ...brief.mustInclude, ...brief.links].join('\n');
  const found: { kind: 'email' | 'phone' | 'secret'; value: string }[] = [];
  const plain = text.replace(/\]\((https?:\/\/[^\s)]+)\)/g, ']');
  for (const m of plain.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)) found.push({ kind: 'email', value: m[0] });
  for (const m of plain.matchAll(/(?<![\w/])\+?\d[\d ()./-]{7,}\d(?![\w/])/g))
    if (m[0].replace(/\D/g, '').length >= 9) found.push({ kind: 'phone', value: m[0].trim() });
  const secret =
    /\b(?:sk-[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|xox[baprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{30,}|[A-Fa-f0-9]{32,}|(?=[A-Za-z0-9+/]*\d)(?=[A-Za-z0-9+/]*[A-Z])[A-Za-z0-9+/]{40,}={0,2})\b/g;
  for (const m of plain.matchAll(secret)) found.push({ kind: 'secret', value: m[0] });
  return found.filter((f) => !allowed.includes(f.value));
}

/** Five-word shingles of a text, for near-duplicate detection. */
export function shingles(text: string, size = 5): Set<string> {
  const w = withoutLinkMarkup(text)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i + size <= w.length; i++) out.add(w.slice(i, i + size).join(' '));
  return out;
}

/** Jaccard similarity of two shingle sets (0: nothing shared, 1: the same). */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const s of a) if (b.has(s)) shared++;
  return shared / (a.size + b.size - shared);
}

/** How a link answered when checked. */
export interface LinkCheck {
  url: string;
  ok: boolean;
  /** The final status after redirects, or the error. */
  detail: string;
}

/** What the gates read besides the draft. */
export interface GateInput {
  brief: ContentBrief;
  draft: ContentDraft;
  formats: ContentFormats;
  style: ContentStyle;
  readabilityTarget: number;
  duplicateThreshold: number;
  links: readonly LinkCheck[];
  /** Pieces published before (their text), for the near-duplicate gate. */
  published: readonly { id: string; title: string; text: string }[];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const mentions = (text: string, phrase: string) => new RegExp(`(^|[^\\p{L}\\p{N}])${escape(phrase)}($|[^\\p{L}\\p{N}])`, 'iu').test(text);

/** The significant words of a point (four letters or more): a must-include point is covered when most of them appear. */
function covered(text: string, point: string): boolean {
  const significant = point
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 4);
  if (significant.length === 0) return mentions(text, point);
  const lower = text.toLowerCase();
  return significant.filter((w) => lower.includes(w)).length / significant.length >= 0.8;
}

/** Run every deterministic gate on a draft and its formats. */
export function runGates(input: GateInput): Finding[] {
  const { brief, draft, formats } = input;
  const findings: Finding[] = [];
  const add = (code: string, message: string, severity: Finding['severity'], field?: string) =>
    findings.push({ code, message, severity, ...(field && { field }) });
  const text = draftParagraphs(draft).join('\n');

  // Length per platform.
  if (formats.blog) {
    const target = brief.wordCount ?? PLATFORM_LIMITS.defaultWordCount;
    const n = countWords(formats.blog.markdown);
    const tolerance = PLATFORM_LIMITS.blogWordTolerance;
    if (n < target * (1 - tolerance) || n > target * (1 + tolerance))
      add('blog_length', `The blog post has ${n} words; the brief asks for ${target} (±${tolerance * 100} %).`, 'error', 'blog');
  }
  if (formats.linkedin && formats.linkedin.text.length > PLATFORM_LIMITS.linkedinCharacters)
    add(
      'linkedin_length',
      `The LinkedIn post has ${formats.linkedin.text.length} characters; at most ${PLATFORM_LIMITS.linkedinCharacters}.`,
      'error',
      'linkedin',
    );
  if (formats.x) {
    formats.x.posts.forEach((post, i) => {
      const n = xLength(post);
      if (n > PLATFORM_LIMITS.xPostLength)
        add('x_post_length', `Post ${i + 1} of the X thread is ${n} long (as X counts); at most ${PLATFORM_LIMITS.xPostLength}.`, 'error', 'x');
    });
  }
  if (formats.newsletter && formats.newsletter.subject.length > PLATFORM_LIMITS.newsletterSubject)
    add(
      'newsletter_subject_length',
      `The newsletter subject has ${formats.newsletter.subject.length} characters; at most ${PLATFORM_LIMITS.newsletterSubject}.`,
      'error',
      'newsletter',
    );

  // Banned words and the house style.
  for (const word of brief.bannedWords) if (mentions(text, word)) add('banned_word', `The brief bans “${word}”.`, 'error');
  for (const rule of input.style.rules) {
    if ('ban' in rule && mentions(text, rule.ban)) add('style_ban', `The house style bans “${rule.ban}”${rule.reason ? ` (${rule.reason})` : ''}.`, 'error');
    if ('prefer' in rule && new RegExp(`\\b${escape(rule.over)}(s|d|ed|es|ing)?\\b`, 'i').test(text))
      add('style_prefer', `The house style prefers “${rule.prefer}” over “${rule.over}”${rule.reason ? ` (${rule.reason})` : ''}.`, 'error');
  }

  // Readability of the body.
  const body = draft.sections.flatMap((s) => s.paragraphs).join('\n');
  const ease = fleschReadingEase(body);
  const target = brief.readability ?? input.readabilityTarget;
  if (ease < target)
    add('readability_low', `Flesch reading ease ${ease}; the target is at least ${target}. Shorter sentences and plainer words help.`, 'error');

  // Keywords and must-include points.
  for (const keyword of brief.keywords) if (!mentions(text, keyword)) add('keyword_missing', `The keyword “${keyword}” does not appear.`, 'error');
  for (const point of brief.mustInclude) if (!covered(text, point)) add('must_include_missing', `The point “${point}” is not made.`, 'error');

  // Links: the brief's must be carried; every link must answer.
  const carried = linksIn(text);
  for (const url of brief.links) if (!carried.includes(url)) add('link_missing', `The link ${url} is not in the piece.`, 'error');
  for (const check of input.links) if (!check.ok) add('link_unreachable', `The link ${check.url} does not answer: ${check.detail}.`, 'error');

  // Personal data and secrets.
  for (const found of personalData(text, brief))
    add(
      found.kind === 'secret' ? 'secret' : 'personal_data',
      `The piece holds ${found.kind === 'secret' ? 'what looks like a secret key' : `an ${found.kind === 'email' ? 'email address' : 'phone number'}`} the brief does not: ${found.kind === 'secret' ? `${found.value.slice(0, 6)}…` : found.value}.`,
      'error',
    );

  // Near-duplicates of what was published before.
  const mine = shingles(text);
  for (const piece of input.published) {
    const s = similarity(mine, shingles(piece.text));
    if (s >= input.duplicateThreshold)
      add('near_duplicate', `The piece is ${Math.round(s * 100)} % the same as “${piece.title}” (${piece.id}), published before.`, 'error');
  }
  return findings;
}

/** True when no finding is an error. */
export function passes(findings: readonly Finding[]): boolean {
  return !findings.some((f) => f.severity === 'error');
}
