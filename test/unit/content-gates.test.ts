/**
 * The content gates on fixtures that pass and fail each of them, the platform formats (an X
 * thread as X counts it, emoji and URLs included; HTML with nothing unescaped), the version diff,
 * and the offline composer on 16 varied briefs: every draft passes the length, keyword and
 * readability gates for its platforms.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContentBrief } from '../../domain/content/brief.js';
import { composeDraft, followStyle, pointOfComment } from '../../domain/content/compose.js';
import { diffLines } from '../../domain/content/diff.js';
import type { ContentDraft } from '../../domain/content/draft.js';
import { formatDraft, xThread } from '../../domain/content/formats.js';
import { countWords, fleschReadingEase, personalData, runGates, xLength, type GateInput } from '../../domain/content/gates.js';
import { DEFAULT_STYLE } from '../../domain/content/style.js';

const base = ContentBrief.parse({
  title: 'Faster month-end close',
  topic: 'How finance teams close the books faster.',
  audience: 'Finance teams',
  platforms: ['blog', 'linkedin', 'x', 'newsletter'],
  keywords: ['month-end close'],
  mustInclude: ['Every approval follows the amount limits finance sets'],
  links: ['https://example.com/guide'],
  wordCount: 400,
});

/** A draft of about `n` words in short plain sentences, carrying the brief's keyword, point and link. */
function draftOf(n: number, extra = ''): ContentDraft {
  const sentence = 'The team checks each step and writes down the time it takes.';
  const body = Array.from({ length: Math.ceil(n / 12) }, () => sentence).join(' ');
  return {
    title: 'Faster month-end close',
    summary: 'A short guide to the month-end close.',
    sections: [
      { heading: 'Where to start', paragraphs: [body] },
      {
        heading: 'What to keep',
        paragraphs: [`Every approval follows the amount limits finance sets. See [the guide](https://example.com/guide). ${extra}`.trim()],
      },
    ],
  };
}

function gates(over: Partial<GateInput> & { draft: ContentDraft }): string[] {
  const brief = over.brief ?? base;
  const input: GateInput = {
    brief,
    formats: formatDraft(over.draft, brief.platforms, brief.keywords),
    style: DEFAULT_STYLE,
    readabilityTarget: 50,
    duplicateThreshold: 0.5,
    links: [],
    published: [],
    ...over,
  };
  return runGates(input)
    .filter((f) => f.severity === 'error')
    .map((f) => f.code);
}

test('a draft that meets the brief passes every gate', () => {
  assert.deepEqual(gates({ draft: draftOf(380) }), []);
});

test('blog length: within ±20 % of the word count passes, outside fails', () => {
  assert.deepEqual(gates({ draft: draftOf(330) }), []);
  assert.deepEqual(gates({ draft: draftOf(200) }), ['blog_length']);
  assert.deepEqual(gates({ draft: draftOf(600) }), ['blog_length']);
});

test('LinkedIn at most 3,000 characters; the newsletter subject at most 80', () => {
  const formats = formatDraft(draftOf(380), base.platforms, base.keywords);
  assert.deepEqual(gates({ draft: draftOf(380), formats: { ...formats, linkedin: { text: 'x'.repeat(3001) } } }), ['linkedin_length']);
  assert.deepEqual(gates({ draft: draftOf(380), formats: { ...formats, linkedin: { text: 'x'.repeat(3000) } } }), []);
  assert.deepEqual(gates({ draft: draftOf(380), formats: { ...formats, newsletter: { ...formats.newsletter!, subject: 's'.repeat(81) } } }), [
    'newsletter_subject_length',
  ]);
});

test('X counts as X does: a URL is 23, an emoji 2; a post over 280 fails, the thread is split and numbered within it', () => {
  assert.equal(xLength('https://example.com/a/very/long/path/that/goes/on/and/on/and/on'), 23);
  assert.equal(xLength('👋'), 2);
  assert.equal(xLength(`${'a'.repeat(256)} https://example.com/x`), 280);
  const formats = formatDraft(draftOf(380), base.platforms, base.keywords);
  assert.deepEqual(gates({ draft: draftOf(380), formats: { ...formats, x: { posts: [`${'🎉'.repeat(141)}`] } } }), ['x_post_length']);
  const long: ContentDraft = {
    title: 'Launch day 🚀',
    summary: `${'Emoji count double 🎉🎉 and links count 23 https://example.com/a/b/c. '.repeat(12)}`,
    sections: [{ heading: 'One', paragraphs: [`${'word '.repeat(400)}end.`] }],
  };
  const posts = xThread(long);
  assert.ok(posts.length > 3);
  posts.forEach((p, i) => {
    assert.ok(xLength(p) <= 280, `post ${i + 1} is ${xLength(p)}`);
    assert.ok(p.endsWith(` ${i + 1}/${posts.length}`), p);
  });
});

test('banned words (the brief’s) and the house style (ban, prefer X over Y) fail; following the style passes', () => {
  const brief = { ...base, bannedWords: ['cheap'] };
  assert.deepEqual(gates({ brief, draft: draftOf(380, 'It is cheap.') }), ['banned_word']);
  assert.deepEqual(gates({ draft: draftOf(380, 'We utilize synergy.') }).sort(), ['style_ban', 'style_prefer']);
  assert.equal(followStyle('We utilized a world-class synergy tool.', DEFAULT_STYLE, []), 'We used a tool.');
  assert.deepEqual(gates({ draft: draftOf(380, followStyle('We utilize synergy.', DEFAULT_STYLE, [])) }), []);
});

test('readability: long sentences of long words fail the Flesch target', () => {
  const hard =
    'Organisational transformation necessitates comprehensive institutionalisation of interdepartmental communication methodologies, notwithstanding considerable implementation complexities. ';
  assert.ok(fleschReadingEase(hard) < 20);
  assert.ok(fleschReadingEase('The cat sat on the mat. It was warm.') > 90);
  const draft = draftOf(380);
  draft.sections[0]!.paragraphs = [hard.repeat(25)];
  assert.ok(gates({ draft }).includes('readability_low'));
  const plain = draftOf(380);
  plain.sections[0]!.paragraphs = ['Our team checks each invoice before we pay it. '.repeat(36).trim()];
  assert.deepEqual(gates({ draft: plain, readabilityTarget: 40 }), []);
  assert.deepEqual(gates({ draft: plain, readabilityTarget: 40, brief: { ...base, readability: 100 } }), ['readability_low'], 'the brief’s own target counts');
});

test('keywords and must-include points must appear; the brief’s links must be carried and answer', () => {
  assert.deepEqual(gates({ draft: draftOf(380), brief: { ...base, keywords: ['month-end close', 'audit trail'] } }), ['keyword_missing']);
  assert.deepEqual(gates({ draft: draftOf(380), brief: { ...base, mustInclude: ['Suppliers are paid within thirty days'] } }), ['must_include_missing']);
  assert.deepEqual(gates({ draft: draftOf(380), brief: { ...base, links: ['https://example.com/guide', 'https://example.com/other'] } }), ['link_missing']);
  assert.deepEqual(gates({ draft: draftOf(380), links: [{ url: 'https://example.com/guide', ok: false, detail: 'HTTP 404' }] }), ['link_unreachable']);
});

test('personal data and secrets fail unless the brief carries them', () => {
  assert.deepEqual(gates({ draft: draftOf(380, 'Write to jane.doe@acme.com or call +49 151 2345 6789.') }), ['personal_data', 'personal_data']);
  assert.deepEqual(gates({ draft: draftOf(380, 'Use the key sk-live_abcdefghijklmnop1234.') }), ['secret']);
  assert.deepEqual(gates({ draft: draftOf(380, 'Hex a3f1c9e2b4d6f8a0c1e3f5b7d9a1c3e5 here.') }), ['secret']);
  assert.deepEqual(personalData('Mail press@acme.com.', { topic: 'Press: press@acme.com', mustInclude: [], links: [] }), [], 'the brief’s own address is fine');
  assert.deepEqual(gates({ draft: draftOf(380, 'It took 3 days in 2025.') }), [], 'numbers are not phone numbers');
});

test('a near-duplicate of a published piece fails; a different piece passes', () => {
  const draft = draftOf(380);
  const text = [draft.title, draft.summary, ...draft.sections.flatMap((s) => [s.heading, ...s.paragraphs])].join('\n');
  assert.deepEqual(gates({ draft, published: [{ id: 'cnt_1', title: 'Old', text }] }), ['near_duplicate']);
  assert.deepEqual(
    gates({ draft, published: [{ id: 'cnt_2', title: 'Other', text: 'Something else entirely about shipping containers and ports in winter.' }] }),
    [],
  );
});

test('the blog HTML escapes everything and links only http(s)', () => {
  const draft: ContentDraft = {
    title: 'A <script>alert(1)</script> title',
    summary: 'Safe & sound "quotes"',
    sections: [{ heading: '<img src=x onerror=alert(1)>', paragraphs: ['See [x](javascript:alert(1)) and [ok](https://example.com/?a=1&b=<2>) now.'] }],
  };
  const html = formatDraft(draft, ['blog'], []).blog!.html;
  assert.doesNotMatch(html, /<script|<img|javascript:<|href="javascript/);
  assert.match(html, /&lt;script&gt;/);
  assert.match(html, /<a href="https:\/\/example\.com\/\?a=1&amp;b=&lt;2&gt;" rel="noopener">ok<\/a>/);
});

test('the diff between versions shows added and removed lines', () => {
  const d = diffLines('# T\n\nA\n\nB\n\nC\n', '# T\n\nA\n\nB2\n\nC\n\nD\n');
  assert.deepEqual(d.lines, [
    { op: '+', line: 'B2' },
    { op: '-', line: 'B' },
    { op: '+', line: 'D' },
  ]);
  assert.deepEqual([d.added, d.removed, d.unchanged], [2, 1, 3]);
});

test('an editor’s comment becomes the point to make', () => {
  assert.equal(pointOfComment('Please add a paragraph about audit trails.'), 'audit trails');
  assert.equal(pointOfComment('Mention supplier discounts too. Thanks!'), 'supplier discounts too');
  assert.equal(pointOfComment('Shorter intro'), 'Shorter intro');
});

const BRIEFS = [
  {
    title: 'Faster month-end close',
    topic: 'How finance teams close the books in three days.',
    audience: 'Finance teams at mid-sized companies',
    keywords: ['month-end close', 'reconciliation'],
  },
  {
    title: 'Onboarding new hires without chaos',
    topic: 'A checklist for the first week of a new employee.',
    audience: 'HR managers',
    keywords: ['onboarding', 'checklist'],
    wordCount: 300,
  },
  {
    title: 'Why your on-call rotation burns people out',
    topic: 'Paging fewer people for fewer alerts.',
    audience: 'Engineering leads',
    keywords: ['on-call', 'alert fatigue'],
    wordCount: 800,
  },
  {
    title: 'Warehouse picking, done right',
    topic: 'Cutting walking time in a warehouse with better slotting.',
    audience: 'Logistics managers',
    keywords: ['slotting'],
  },
  {
    title: 'Sales follow-ups that get answers',
    topic: 'Writing the second email after a demo.',
    audience: 'Account executives',
    keywords: ['follow-up', 'demo'],
    wordCount: 450,
  },
  { title: 'The case for plain language', topic: 'Plain words make policies easier to follow.', audience: 'Compliance officers', keywords: ['plain language'] },
  {
    title: 'Invoice fraud: the warning signs',
    topic: 'How accounts payable spots a fake supplier invoice.',
    audience: 'Accounts payable clerks',
    keywords: ['invoice fraud', 'bank details'],
    wordCount: 700,
  },
  {
    title: 'Running a good weekly meeting',
    topic: 'Short meetings with a clear agenda and owners.',
    audience: 'Team leads',
    keywords: ['agenda'],
    wordCount: 250,
  },
  {
    title: 'Customer support at scale',
    topic: 'Routing tickets so the right person answers first.',
    audience: 'Support managers',
    keywords: ['ticket routing', 'first response time'],
  },
  { title: 'A greener office', topic: 'Simple steps to cut energy use in an office.', audience: 'Office managers', keywords: ['energy use'], wordCount: 350 },
  {
    title: 'Hiring your first data engineer',
    topic: 'What to look for and what to ask.',
    audience: 'Startup founders',
    keywords: ['data engineer', 'interview'],
    wordCount: 900,
  },
  {
    title: 'Contract renewals without surprises',
    topic: 'Tracking renewal dates and notice periods.',
    audience: 'Procurement teams',
    keywords: ['contract renewal', 'notice period'],
  },
  {
    title: 'Security reviews that do not block releases',
    topic: 'Fitting security checks into a release process.',
    audience: 'Product managers',
    keywords: ['security review'],
    wordCount: 500,
  },
  {
    title: 'Expense reports people actually file on time',
    topic: 'Making expense reports quick to submit and approve.',
    audience: 'Finance operations',
    keywords: ['expense report', 'approval'],
    wordCount: 400,
  },
  {
    title: 'Field service scheduling',
    topic: 'Planning technician visits around traffic and parts.',
    audience: 'Service coordinators',
    keywords: ['scheduling', 'spare parts'],
    wordCount: 600,
  },
  {
    title: 'Writing release notes customers read',
    topic: 'Release notes that explain what changed and why it matters.',
    audience: 'Developer relations teams',
    keywords: ['release notes'],
    wordCount: 300,
  },
];

test('the offline composer on 16 varied briefs: every draft passes the length, keyword and readability gates for its platforms', () => {
  const checked = [
    'blog_length',
    'linkedin_length',
    'x_post_length',
    'newsletter_subject_length',
    'keyword_missing',
    'must_include_missing',
    'readability_low',
  ];
  BRIEFS.forEach((b, i) => {
    const brief = ContentBrief.parse({
      platforms: i % 2 ? ['blog', 'x'] : ['blog', 'linkedin', 'x', 'newsletter'],
      mustInclude: i % 3 === 0 ? ['Start with the process that runs most often'] : [],
      links: i % 4 === 0 ? ['https://example.com/more'] : [],
      ...b,
    });
    const draft = composeDraft(brief, DEFAULT_STYLE);
    const failed = gates({ brief, draft }).filter((code) => checked.includes(code));
    assert.deepEqual(failed, [], `${brief.title}: ${failed.join(', ')}`);
    const words = countWords(formatDraft(draft, brief.platforms, brief.keywords).blog!.markdown);
    const target = brief.wordCount ?? 600;
    assert.ok(Math.abs(words - target) <= target * 0.2, `${brief.title}: ${words} words for ${target}`);
    assert.doesNotMatch(draft.sections.flatMap((s) => s.paragraphs).join(' '), /lorem|ipsum|\{kw\}|\{audience\}|undefined/i);
  });
});

test('the composer answers its feedback: the style followed, comments made into sections, the same brief drafted the same way', () => {
  const brief = ContentBrief.parse({ ...BRIEFS[0], platforms: ['blog'], topic: 'How finance teams utilize automation.' });
  const first = composeDraft(brief, DEFAULT_STYLE);
  assert.deepEqual(composeDraft(brief, DEFAULT_STYLE), first, 'deterministic');
  assert.match(JSON.stringify(first), /utilize/, 'the brief’s words stand in the first draft');
  const second = composeDraft(brief, DEFAULT_STYLE, {
    findings: [{ code: 'style_prefer', message: 'prefer use', severity: 'error' }],
    comments: ['Please add a paragraph about audit trails.'],
    version: 2,
  });
  assert.doesNotMatch(JSON.stringify(second), /utiliz/);
  assert.ok(second.sections.some((s) => /audit trails/i.test(s.heading)));
});
