/**
 * A draft in each platform's form: the blog as Markdown and as HTML (built from the draft with every
 * text escaped, so nothing a writer or a model put in it becomes markup: sanitised by
 * construction); LinkedIn's text; an X thread split on sentence boundaries and numbered, each post
 * within X's limit as X counts; a newsletter with a subject, HTML and plain text.
 */
import twitter from 'twitter-text';
import { withoutLinkMarkup, type ContentDraft } from './draft.js';
import { PLATFORM_LIMITS, type Platform } from './rules.js';

/** The formats of a draft, one per platform the brief names. */
export interface ContentFormats {
  blog?: { markdown: string; html: string };
  linkedin?: { text: string };
  x?: { posts: string[] };
  newsletter?: { subject: string; html: string; text: string };
}

const LINK = /\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A paragraph as HTML: escaped text, Markdown links (http and https only) as anchors. */
function paragraphHtml(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    out += escapeHtml(text.slice(last, m.index));
    out += `<a href="${escapeHtml(m[2]!)}" rel="noopener">${escapeHtml(m[1]!)}</a>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

/** Links as "text (url)": plain text that keeps them. */
const plainLinks = (text: string) => text.replace(LINK, '$1 ($2)');

const sentencesOf = (text: string) => text.split(/(?<=[.!?])\s+/).filter(Boolean);

function blogMarkdown(draft: ContentDraft): string {
  return [`# ${draft.title}`, `*${draft.summary}*`, ...draft.sections.flatMap((s) => [`## ${s.heading}`, ...s.paragraphs])].join('\n\n') + '\n';
}

function bodyHtml(draft: ContentDraft): string {
  return draft.sections.map((s) => `<h2>${escapeHtml(s.heading)}</h2>\n${s.paragraphs.map((p) => `<p>${paragraphHtml(p)}</p>`).join('\n')}`).join('\n');
}

function blogHtml(draft: ContentDraft): string {
  return `<article>\n<h1>${escapeHtml(draft.title)}</h1>\n<p><em>${escapeHtml(draft.summary)}</em></p>\n${bodyHtml(draft)}\n</article>\n`;
}

/** LinkedIn: the title, the summary, a line per section, the first link, hashtags; cut at a line to fit. */
function linkedinText(draft: ContentDraft, hashtags: string[]): string {
  const firstLink = [
    ...draft.sections
      .flatMap((s) => s.paragraphs)
      .join(' ')
      .matchAll(LINK),
  ][0]?.[2];
  const points = draft.sections.map((s) => `• ${s.heading}: ${withoutLinkMarkup(sentencesOf(s.paragraphs[0]!)[0] ?? '')}`);
  const tail = [firstLink ? `Read more: ${firstLink}` : '', hashtags.join(' ')].filter(Boolean);
  const lines = [draft.title, '', withoutLinkMarkup(draft.summary), '', ...points];
  const fits = () => [...lines, '', ...tail].join('\n').length <= PLATFORM_LIMITS.linkedinCharacters;
  while (!fits() && lines.length > 3) lines.pop();
  return [...lines, '', ...tail].join('\n');
}

/** Split a text that is too long for one post at words (a sentence longer than a post). */
function splitLong(text: string, room: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    const next = current ? `${current} ${word}` : word;
    if (twitter.parseTweet(next).weightedLength > room && current) {
      parts.push(current);
      current = word;
    } else current = next;
  }
  if (current) parts.push(current);
  return parts;
}

/** An X thread: sentences packed into posts, each "n/N" numbered and within X's limit. */
export function xThread(draft: ContentDraft): string[] {
  const sentences = [
    draft.title.replace(/[.!?]?$/, ':'),
    ...sentencesOf(plainLinks(draft.summary)),
    ...draft.sections.map((s) => plainLinks(sentencesOf(s.paragraphs[0]!)[0] ?? s.heading)),
  ];
  const links = [
    ...new Set(
      [
        ...draft.sections
          .flatMap((s) => s.paragraphs)
          .join(' ')
          .matchAll(LINK),
      ].map((m) => m[2]!),
    ),
  ];
  if (links.length) sentences.push(`More: ${links[0]}`);
  // Room for " 99/99" after each post.
  const room = PLATFORM_LIMITS.xPostLength - 6;
  const posts: string[] = [];
  let current = '';
  for (const s of sentences.flatMap((s) => (twitter.parseTweet(s).weightedLength > room ? splitLong(s, room) : [s]))) {
    const next = current ? `${current} ${s}` : s;
    if (twitter.parseTweet(next).weightedLength > room && current) {
      posts.push(current);
      current = s;
    } else current = next;
  }
  if (current) posts.push(current);
  return posts.map((p, i) => `${p} ${i + 1}/${posts.length}`);
}

/** The newsletter: the title as subject, HTML with a preview line, and the same as plain text. */
function newsletter(draft: ContentDraft): { subject: string; html: string; text: string } {
  const html = `<!doctype html>\n<html><body>\n<p style="display:none">${escapeHtml(withoutLinkMarkup(draft.summary))}</p>\n<h1>${escapeHtml(draft.title)}</h1>\n${bodyHtml(draft)}\n</body></html>\n`;
  const text =
    [draft.title, '', plainLinks(draft.summary), ...draft.sections.flatMap((s) => ['', s.heading.toUpperCase(), '', ...s.paragraphs.map(plainLinks)])].join(
      '\n',
    ) + '\n';
  return { subject: draft.title, html, text };
}

/** Hashtags from keywords: "invoice automation" -> #InvoiceAutomation. */
export function hashtags(keywords: readonly string[]): string[] {
  return keywords
    .map((k) =>
      k
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean)
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join(''),
    )
    .filter((t) => t.length > 1)
    .slice(0, 5)
    .map((t) => `#${t}`);
}

/** Every format the platforms need. */
export function formatDraft(draft: ContentDraft, platforms: readonly Platform[], keywords: readonly string[]): ContentFormats {
  const formats: ContentFormats = {};
  if (platforms.includes('blog')) formats.blog = { markdown: blogMarkdown(draft), html: blogHtml(draft) };
  if (platforms.includes('linkedin')) formats.linkedin = { text: linkedinText(draft, hashtags(keywords)) };
  if (platforms.includes('x')) formats.x = { posts: xThread(draft) };
  if (platforms.includes('newsletter')) formats.newsletter = newsletter(draft);
  return formats;
}

/** The blog's Markdown (the whole piece), the text versions are compared by. */
export function versionText(draft: ContentDraft): string {
  return blogMarkdown(draft);
}
