/**
 * The content process's side effects: the settings and the house style in force, a draft (the
 * configured model's or the offline composer's), the gates with their formats (links checked over
 * HTTP, published pieces read for near-duplicates), recording the piece, and publishing it once.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { getSetting } from '../../db/settings.js';
import { publicationsOf, publishedTexts, recordContent, storePublication, type Publication } from '../../db/content.js';
import type { ContentBrief } from '../../domain/content/brief.js';
import { diffLines, type VersionDiff } from '../../domain/content/diff.js';
import { linksIn, draftParagraphs, type ContentDraft } from '../../domain/content/draft.js';
import { formatDraft, versionText, type ContentFormats } from '../../domain/content/formats.js';
import { passes, runGates, type LinkCheck } from '../../domain/content/gates.js';
import type { Platform } from '../../domain/content/rules.js';
import type { ContentSettings, ContentState } from '../../domain/content/state.js';
import { ContentStyle, DEFAULT_STYLE } from '../../domain/content/style.js';
import type { Finding } from '../../domain/findings.js';
import { webhookSignature } from '../notifications/webhook-signature.js';
import { aiFailure } from '../ai/provider.js';
import { heartbeating, type ActivityDeps } from '../deps.js';
import type { ProviderChoice } from '../invoice/reading.js';
import { contentDraftTask, contentToneTask, type ContentDraftInput } from './ai-tasks.js';

/** The settings key of the house style. */
export const CONTENT_STYLE_KEY = 'content-style';

/** The house style in force. */
export async function contentStyle(deps: Pick<ActivityDeps, 'db'>): Promise<ContentStyle> {
  return (await getSetting(deps.db, CONTENT_STYLE_KEY, ContentStyle, DEFAULT_STYLE)).value;
}

/** Check one link: HEAD (GET when HEAD is not allowed), redirects followed, within the timeout. */
async function checkLink(url: string, timeoutMs: number): Promise<LinkCheck> {
  try {
    let response = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    if (response.status === 405 || response.status === 501) {
      response = await fetch(url, { method: 'GET', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
      await response.body?.cancel();
    }
    return { url, ok: response.status < 400, detail: `HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { url, ok: false, detail: error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (cause ?? String(error)) };
  }
}

/** What the gates made of a version. */
export interface CheckedVersion {
  formats: ContentFormats;
  findings: Finding[];
  passed: boolean;
  diff: VersionDiff | null;
}

/** The platforms' formats of a piece, each as the store or the CMS receives it. */
function platformBodies(formats: ContentFormats): [Platform, unknown][] {
  return (Object.entries(formats) as [Platform, unknown][]).filter(([, body]) => body !== undefined);
}

/** Build the content activities around their dependencies. */
export function contentActivities(deps: ActivityDeps) {
  const { db, config } = deps;
  return {
    /** The settings a piece runs with, read when it starts. */
    async contentSettingsNow(): Promise<ContentSettings> {
      const c = config.content;
      return {
        maxRedrafts: c.maxRedrafts,
        maxRevisions: c.maxRevisions,
        useModel: Boolean(config.openai.apiKey),
        remindAfterMs: c.remindAfterMs,
        escalateAfterMs: c.escalateAfterMs,
        deadlineMs: c.reviewDeadlineMs,
        target: c.publishUrl ? 'cms' : 'store',
      };
    },

    /** A draft from the configured model (or the offline composer), in the house style in force. */
    async draftContent(input: Omit<ContentDraftInput, 'style'> & { provider: ProviderChoice }): Promise<ContentDraft & { provider: string }> {
      const provider = input.provider === 'primary' ? deps.ai : deps.fallbackAi;
      const style = await contentStyle(deps);
      try {
        const draft = await heartbeating(() =>
          provider.run(contentDraftTask, { brief: input.brief, style, feedback: input.feedback, previous: input.previous }),
        );
        return { ...draft, provider: provider.name };
      } catch (error) {
        aiFailure(error);
      }
    },

    /** Format a draft for its platforms and run every gate on it (links over HTTP, near-duplicates against the store). */
    async checkContent(input: { contentId: string; brief: ContentBrief; draft: ContentDraft; previous?: ContentDraft | undefined }): Promise<CheckedVersion> {
      const formats = formatDraft(input.draft, input.brief.platforms, input.brief.keywords);
      const urls = linksIn(draftParagraphs(input.draft).join('\n'));
      const links = await Promise.all(urls.map((url) => checkLink(url, config.content.linkTimeoutMs)));
      const findings = runGates({
        brief: input.brief,
        draft: input.draft,
        formats,
        style: await contentStyle(deps),
        readabilityTarget: config.content.readabilityTarget,
        duplicateThreshold: config.content.duplicateThreshold,
        links,
        published: await publishedTexts(db, input.contentId),
      });
      // The tone judge, when the brief names a tone and a model is configured.
      if (input.brief.tone && config.openai.apiKey) {
        try {
          const verdict = await heartbeating(() =>
            deps.ai.run(contentToneTask, { tone: input.brief.tone!, audience: input.brief.audience, draft: input.draft }),
          );
          if (!verdict.matches) findings.push({ code: 'tone_mismatch', message: `The tone judge (${deps.ai.name}): ${verdict.reason}`, severity: 'error' });
        } catch (error) {
          findings.push({
            code: 'tone_not_judged',
            message: `The tone judge could not answer: ${error instanceof Error ? error.message : String(error)}`,
            severity: 'info',
          });
        }
      }
      return { formats, findings, passed: passes(findings), diff: input.previous ? diffLines(versionText(input.previous), versionText(input.draft)) : null };
    },

    /** Record the piece in its table and the run register. */
    async recordContent(input: { state: ContentState; runId: string }): Promise<void> {
      await recordContent(db, input.state, input.runId);
    },

    /**
     * Publish a version on each platform, once: a platform already published is not sent again. To
     * the CMS webhook (signed, with an Idempotency-Key per piece and platform, so a CMS that saw a
     * cut-off attempt answers the repeat with the same result) when one is configured, else to the
     * project's own store. A CMS 5xx or 429 is retried; any other 4xx fails the publication.
     */
    async publishContent(input: { contentId: string; version: number; title: string; formats: ContentFormats; draft: ContentDraft }): Promise<Publication[]> {
      const done = new Set((await publicationsOf(db, input.contentId)).map((p) => p.platform));
      const text = draftParagraphs(input.draft).join('\n');
      for (const [platform, body] of platformBodies(input.formats)) {
        if (done.has(platform)) continue;
        let url: string;
        let target: 'store' | 'cms' = 'store';
        if (config.content.publishUrl) {
          target = 'cms';
          const cms = config.content.publishUrl;
          const piece = { id: input.contentId, version: input.version, platform, title: input.title, body };
          url = await heartbeating(() => sendToCms(cms, config.content.publishSecret ?? '', piece));
        } else url = `${config.links.baseUrl}/api/content/${encodeURIComponent(input.contentId)}/published#${platform}`;
        await storePublication(db, { contentId: input.contentId, platform, version: input.version, title: input.title, body, text, target, url });
      }
      return publicationsOf(db, input.contentId);
    },
  };
}

/** POST one platform's piece to the CMS; its answer's `url` (or the request's) is where it lives. */
async function sendToCms(url: string, secret: string, piece: { id: string; version: number; platform: string; title: string; body: unknown }): Promise<string> {
  const body = JSON.stringify(piece);
  const timestamp = String(Math.floor(Date.now() / 1000));
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `content-${piece.id}-${piece.platform}`,
        'x-timestamp': timestamp,
        'x-signature': webhookSignature(secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw ApplicationFailure.retryable(`The CMS could not be reached: ${error instanceof Error ? error.message : String(error)}`, 'CmsUnreachable');
  }
  const text = (await response.text().catch(() => '')).slice(0, 500);
  if (response.status === 429 || response.status >= 500) throw ApplicationFailure.retryable(`The CMS answered ${response.status}: ${text}`, 'CmsUnavailable');
  if (!response.ok) throw ApplicationFailure.nonRetryable(`The CMS refused the ${piece.platform} piece (${response.status}): ${text}`, 'PublishRejected');
  try {
    const answer = JSON.parse(text) as { url?: unknown };
    if (typeof answer.url === 'string') return answer.url;
  } catch {
    // An answer without JSON: the piece is published; where is the CMS's business.
  }
  return url;
}
