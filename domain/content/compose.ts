/**
 * The offline composer: a brief in, a readable draft out (a title, a summary, an opening, a section
 * per keyword group, the must-include points, the links, next steps), in short sentences and
 * plain words, sized to the brief's word count. Deterministic: the same brief and feedback give the
 * same draft. A redraft reads its feedback: it follows the style's preferences and drops banned
 * words the brief's own wording brought in, shortens sentences, rephrases a near-duplicate, drops
 * personal data, and turns each editor comment into a section.
 */
import type { Finding } from '../findings.js';
import type { ContentBrief } from './brief.js';
import type { ContentDraft, DraftFeedback, DraftSection } from './draft.js';
import { personalData } from './gates.js';
import { PLATFORM_LIMITS } from './rules.js';
import type { ContentStyle } from './style.js';

/** A stable small number from a text: picks among phrasings without randomness. */
function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);
const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const sentence = (s: string) => {
  const t = s.trim();
  return /[.!?]$/.test(t) ? upperFirst(t) : `${upperFirst(t)}.`;
};
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** The topic as a phrase to put in a sentence: its first sentence, without its full stop. */
function topicPhrase(topic: string): string {
  const first = topic
    .split(/(?<=[.!?])\s+/)[0]!
    .replace(/[.!?]+$/, '')
    .trim();
  return lowerFirst(first);
}

/** A title a newsletter can carry: at most the subject limit, cut at a word. */
export function fittingTitle(title: string, max: number = PLATFORM_LIMITS.newsletterSubject): string {
  if (title.length <= max) return title;
  const cut = title.slice(0, max + 1).replace(/\s+\S*$/, '');
  return (cut.length >= 20 ? cut : title.slice(0, max)).replace(/[\s,;:–-]+$/, '');
}

/** Sentences that carry a piece: {kw} (the section's keyword) and {audience} filled in; short and plain. */
const BODY = [
  'Many {audience} spend hours each week on work that {kw} could make lighter.',
  'The first step is to see where the time goes today.',
  'Write down each task, who does it and how long it takes.',
  'Most teams find a few steps that take far more time than they should.',
  'Those steps are where {kw} helps the most.',
  'Start small and pick one process that runs often.',
  'Measure it before you change it, so you can show the gain later.',
  'Then change one thing at a time and check the result.',
  'People trust a change they can see working.',
  'Keep the people who do the work close to the design.',
  'They know the exceptions that no chart shows.',
  'A good plan for {kw} names an owner and a date.',
  'It also says what happens when something goes wrong.',
  'Clear rules beat clever tools.',
  'Share what you learn with the rest of the team each week.',
  'Small wins build the case for the next step.',
  'After a month, compare the new numbers with the old ones.',
  'Most teams see fewer errors and faster hand-offs with {kw}.',
  'That frees time for the work that needs a person.',
  'It also makes the next change easier to plan.',
  'Ask what {audience} need to see before they trust {kw}.',
  'A short demo often answers more than a long memo.',
  'Write the rules down where everyone can read them.',
  'When a rule changes, say why it changed.',
  'Good data makes {kw} easier to judge.',
  'Check the inputs before you blame the tool.',
  'Keep one list of open questions and work through it.',
  'Do not try to fix every case on day one.',
  'The rare cases can wait for a person.',
  'The common cases are where the hours go.',
  'Plan a review after the first two weeks.',
  'Invite the people who raised concerns.',
  'Their doubts often point to a gap worth closing.',
  'Put a number on each goal, such as hours saved or errors avoided.',
  'A number you can check keeps the project honest.',
  'With {kw} in place, hand-offs stop getting lost in email.',
  'Everyone can see who holds each item and why.',
  'That alone saves many follow-up messages.',
  'Training takes less time than most people fear.',
  'A one-page guide and a short call are often enough.',
  'Leaders should ask for results, not for more reports.',
  'The best sign of success is a quiet inbox.',
  'Another good sign is that new people learn the process in a day.',
  'If {kw} feels hard to explain, simplify it.',
  'Each step should have one clear purpose.',
  'Remove steps that only exist out of habit.',
  'Keep a record of each decision and who made it.',
  'Auditors and new team members will thank you.',
  'Costs matter, but so does the time of your best people.',
  'Count both when you judge the result.',
];

/** How a section on a keyword opens. */
const KEYWORD_OPENERS = [
  'Here is where {kw} comes in.',
  'Think of {kw} as a tool, not a goal.',
  'Teams that do well with {kw} keep it simple.',
  'The case for {kw} is easy to make with numbers.',
  'Getting {kw} right starts with a clear picture of today.',
  '{Kw} works best when the rules are simple.',
];

function fill(template: string, values: { audience: string; kw: string }): string {
  return template.replace('{audience}', values.audience).replace('{Kw}', upperFirst(values.kw)).replace('{kw}', values.kw);
}

/** The sentence bank in an order of the seed's choosing (a different seed, a different piece). */
function shuffled(seed: number): string[] {
  const out = [...BODY];
  let h = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    h = Math.imul(h ^ (h >>> 15), 2246822519) >>> 0;
    const j = h % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Build paragraphs of about `target` words from the sentence bank, drawing from `next`. */
function bodyParagraphs(target: number, next: () => string, values: { audience: string; kw: string }): string[] {
  const paragraphs: string[] = [];
  let count = 0;
  while (count < target) {
    const p = [0, 1, 2, 3].map(() => fill(next(), values)).join(' ');
    paragraphs.push(p);
    count += words(p);
  }
  return paragraphs;
}

/** What an editor's comment asks for, as a point to make ("Please add a word on pricing." -> "pricing"). */
export function pointOfComment(comment: string): string {
  const first = comment
    .trim()
    .split(/(?<=[.!?])\s+/)[0]!
    .replace(/[.!?]+$/, '');
  const point = first
    .replace(/^(please|pls|could you|can you|kindly)\s+/i, '')
    .replace(/^(add|include|mention|cover|say|explain|write|expand on|talk about)\s+/i, '')
    .replace(/^(a|an|one|some|more)\s+/i, '')
    .replace(/^(short\s+|brief\s+)?(word|paragraph|section|sentence|line|note|bit|example|details?)\s+(about|on|of|for)\s+/i, '')
    .trim();
  return point || first;
}

/** Apply the style's preferences and drop banned words (the brief's and the style's) from a text. */
export function followStyle(text: string, style: ContentStyle, banned: readonly string[]): string {
  let out = text;
  for (const rule of style.rules) {
    if ('prefer' in rule) {
      out = out.replace(new RegExp(`\\b${escape(rule.over)}(s|d|ed|es|ing)?\\b`, 'gi'), (m, suffix: string | undefined) => {
        const replaced = rule.prefer + (suffix ? (rule.prefer.endsWith('e') && suffix.startsWith('e') ? suffix.slice(1) : suffix) : '');
        return /^[A-Z]/.test(m) ? upperFirst(replaced) : replaced;
      });
    }
  }
  const bans = [...style.rules.flatMap((r) => ('ban' in r ? [r.ban] : [])), ...banned];
  for (const ban of bans) out = out.replace(new RegExp(`\\s*\\b${escape(ban)}\\b`, 'gi'), '');
  return out.replace(/\s+([.,;:!?])/g, '$1').replace(/ {2,}/g, ' ');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Split sentences of more than `max` words at a comma or an "and". */
function shorterSentences(text: string, max = 16): string {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => (words(s) > max ? s.replace(/,\s+(and\s+)?/, '. ').replace(/\s+and\s+(?=\w)/, '. ') : s))
    .map((s) => s.replace(/\.\s+([a-z])/g, (_m, c: string) => `. ${c.toUpperCase()}`))
    .join(' ');
}

const has = (findings: readonly Finding[], code: string) => findings.some((f) => f.code === code && f.severity === 'error');

/** Write a draft for a brief (and, on a redraft, its feedback). */
export function composeDraft(brief: ContentBrief, style: ContentStyle, feedback?: DraftFeedback): ContentDraft {
  const findings = feedback?.findings ?? [];
  const version = feedback?.version ?? 1;
  // A near-duplicate of something published is written with other phrasings.
  const seed = seedOf(brief.title + brief.topic) + (has(findings, 'near_duplicate') ? version * 7 : 0);
  const topic = topicPhrase(brief.topic);
  const audience = lowerFirst(brief.audience);
  const bank = shuffled(seed);
  let drawn = 0;
  const draw = () => bank[drawn++ % bank.length]!;
  const kws = brief.keywords;
  const target = brief.wordCount ?? PLATFORM_LIMITS.defaultWordCount;
  const title = fittingTitle(brief.title);

  const opening: DraftSection = {
    heading: ['Why this matters now', 'Where to begin', 'The problem in brief'][seed % 3]!,
    paragraphs: [
      [
        /^(how|why|what|when|where|which)\b/i.test(topic) ? `This piece shows ${topic}.` : sentence(topic),
        `It is written for ${audience}.`,
        brief.goal ? `By the end, you should be able to ${lowerFirst(brief.goal.replace(/[.!?]+$/, ''))}.` : 'It shows where to start and what to avoid.',
      ].join(' '),
    ],
  };
  const points: DraftSection | null = brief.mustInclude.length
    ? { heading: 'What to keep in mind', paragraphs: brief.mustInclude.map((p) => `${sentence(p)} Keep this in view as you plan.`) }
    : null;
  const requests: DraftSection[] = (feedback?.comments ?? []).map((comment) => {
    const point = pointOfComment(comment);
    return {
      heading: upperFirst(point.length > 80 ? fittingTitle(point, 80) : point),
      paragraphs: [`A word on ${lowerFirst(point)}. It matters to ${audience} because it shapes how the work gets done. Plan for it from the start.`],
    };
  });
  const reading: DraftSection | null = brief.links.length
    ? {
        heading: 'Further reading',
        paragraphs: brief.links.map((url, i) => `See [${i === 0 ? 'this guide' : `source ${i + 1}`}](${url}) for more detail.`),
      }
    : null;
  const nextSteps: DraftSection = {
    heading: 'Next steps',
    paragraphs: [
      `${brief.goal ? sentence(brief.goal) : `Pick one process and try ${kws[0] ?? 'the ideas above'} there first.`} Set a date to review the result with your team.`,
    ],
  };

  const fixed = [opening, points, ...requests, reading, nextSteps].filter((s): s is DraftSection => s !== null);
  const fixedWords = fixed.reduce((n, s) => n + words(s.heading) + s.paragraphs.reduce((m, p) => m + words(p), 0), 0) + words(title) + 20;
  // The body: a section per keyword (or two plain ones), sized so the whole is near the target.
  const groups = kws.length ? kws.map((k) => [k]) : [['a clear process'], ['small steps']];
  const perGroup = Math.max(30, Math.round((target - fixedWords) / groups.length));
  const body: DraftSection[] = groups.map((group, g) => {
    const kw = group[0]!;
    const opener = fill(KEYWORD_OPENERS[(seed + g) % KEYWORD_OPENERS.length]!, { audience, kw });
    const paragraphs = bodyParagraphs(perGroup - words(opener), draw, { audience, kw });
    paragraphs[0] = `${opener} ${paragraphs[0]}`;
    return { heading: kws.length ? `Getting ${kw} right` : g === 0 ? 'Where to start' : 'How to keep going', paragraphs };
  });
  // Trim the last body paragraphs when over the target (the gate allows ±20 %).
  const total = () =>
    [opening, ...body, ...fixed.slice(1)].reduce((n, s) => n + words(s.heading) + s.paragraphs.reduce((m, p) => m + words(p), 0), 0) + words(title);
  while (total() > target * 1.1) {
    const longest = body.reduce((a, b) => (a.paragraphs.length >= b.paragraphs.length ? a : b));
    if (longest.paragraphs.length <= 1) break;
    longest.paragraphs.pop();
  }

  const summary = `${sentence(`A practical guide for ${audience}`)} ${kws.length ? `It covers ${kws.slice(0, 3).join(', ')} and the first steps.` : 'It covers the first steps.'}`;
  const sections = [opening, ...body, ...fixed.slice(1)];
  // The brief's own words stand in the first draft; once the gates flag a style rule or a banned
  // word, every text follows the style.
  const styled = ['style_prefer', 'style_ban', 'banned_word'].some((code) => has(findings, code));
  const clean = (text: string) => {
    let t = styled ? followStyle(text, style, brief.bannedWords) : text;
    if (has(findings, 'readability_low')) t = shorterSentences(t, 12);
    return t;
  };
  const draft: ContentDraft = {
    title: clean(title),
    summary: clean(summary),
    sections: sections.map((s) => ({ heading: clean(s.heading), paragraphs: s.paragraphs.map(clean) })),
  };
  // Personal data the gates found that the brief did not carry: the sentences that hold it go.
  if (has(findings, 'personal_data') || has(findings, 'secret')) {
    draft.sections = draft.sections.map((s) => ({
      ...s,
      paragraphs: s.paragraphs.map((p) =>
        p
          .split(/(?<=[.!?])\s+/)
          .filter((x) => personalData(x, brief).length === 0)
          .join(' '),
      ),
    }));
  }
  return draft;
}
