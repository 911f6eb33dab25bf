/**
 * A piece of content: brief in -> draft (the model's, or the offline composer's) -> quality gates,
 * redrafted with their findings up to CONTENT_MAX_REDRAFTS -> the editor's review (approve, request
 * changes with a comment up to CONTENT_MAX_REVISIONS, reject; reminded, escalated to the managing
 * editor) -> published at its time, once (an editor may cancel before), on each platform.
 */
import { ActivityFailure, ApplicationFailure, allHandlersFinished, condition, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SignedAction } from '../domain/approval.js';
import type { DraftFeedback } from '../domain/content/draft.js';
import { cancelPublicationUpdate, contentStatusQuery } from '../domain/content/messages.js';
import { ContentPlatformsKey, ContentStageKey } from '../domain/content/search-attributes.js';
import type {
  ContentDetails,
  ContentReason,
  ContentSettings,
  ContentState,
  ContentStep,
  ContentVersion,
  ContentWorkflowInput,
} from '../domain/content/state.js';
import type { Role } from '../domain/roles.js';
import { PendingRoleKey } from '../domain/search-attributes.js';
import { HumanTaskDesk } from './kit/human-task.js';
import { withModelFallback } from './kit/model.js';
import { gateStep, localDatabaseStep, offlineReaderStep, proofCheckStep, publishStep } from './kit/profiles.js';
import { failureMessage, newRunState, ProcessRun, Stop, type RunState } from './kit/run.js';

/** Who may cancel a scheduled publication. */
const EDITORS: readonly Role[] = ['editor', 'managing_editor', 'admin'];

function refused(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** Handle one piece from its brief to its publication. */
export async function contentWorkflow(input: ContentWorkflowInput): Promise<ContentState> {
  const info = workflowInfo();
  const id = input.id ?? info.workflowId.replace(/^content-/, '');
  const details: ContentDetails = {
    brief: input.brief,
    versions: [],
    redrafts: 0,
    revisions: 0,
    reviews: [],
    publication: null,
  };
  const state: ContentState = newRunState({ process: 'content', id, status: 'drafting', submittedBy: input.submittedBy, details });
  setHandler(contentStatusQuery, () => state);

  const pendingRole = (): Role | null => state.tasks.find((t) => t.status === 'pending')?.role ?? null;
  const latest = () => details.versions.at(-1);
  const run = new ProcessRun(state as ContentState & RunState<ContentState['status'], ContentStep, ContentReason>, {
    searchAttributes: () => [
      { key: ContentPlatformsKey, value: [...details.brief.platforms] },
      { key: ContentStageKey, value: state.status },
      { key: PendingRoleKey, value: pendingRole() ?? '' },
    ],
    details: () => [
      `**Content:** ${details.brief.title} (${details.brief.platforms.join(', ')})`,
      `**Status:** ${state.status}; **version** ${latest()?.version ?? 0}${latest() ? ` (${latest()!.passed ? 'passes the gates' : `${latest()!.findings.filter((f) => f.severity === 'error').length} failing findings`})` : ''}; **revisions** ${details.revisions}`,
      ...(details.publication ? [`**Publication:** ${details.publication.status}, due ${details.publication.dueAt}`] : []),
    ],
    record: () => localDatabaseStep.recordContent({ state, runId: workflowInfo().runId }),
    tell: async () => {},
  });
  const desk = new HumanTaskDesk(state, state.workflowId, state.submittedBy, () => {
    upsertSearchAttributes([{ key: PendingRoleKey, value: pendingRole() ?? '' }]);
    run.showDetails();
  });

  // An editor cancels a scheduled publication (before its time only).
  const cancelled = () => details.publication?.cancelled != null;
  setHandler(
    cancelPublicationUpdate,
    async (a: SignedAction) => {
      if (!(await proofCheckStep.verifyActionProof({ workflowId: state.workflowId, action: a })))
        throw refused('invalid_proof', 'The request carries no valid proof that the API made it.');
      // Checked again after the proof: another cancellation may have come first.
      if (details.publication?.status !== 'scheduled' || cancelled()) throw refused('not_scheduled', 'There is no scheduled publication to cancel.');
      details.publication.cancelled = { by: a.by, at: a.at, ...(a.note && { note: a.note }) };
      return state;
    },
    {
      validator: (a: SignedAction) => {
        if (!a.roles.some((r) => EDITORS.includes(r))) throw refused('role_not_allowed', 'Cancelling a publication needs an editor.');
        if (details.publication?.status !== 'scheduled' || cancelled()) throw refused('not_scheduled', 'There is no scheduled publication to cancel.');
      },
    },
  );

  let settings!: ContentSettings;
  const comments: string[] = [];

  /** Write a version (the first, a redraft for failing gates, or one answering the editor) and run the gates on it. */
  const writeVersion = async (reason: ContentVersion['reason'], comment?: string): Promise<ContentVersion> => {
    const previous = latest();
    const feedback: DraftFeedback | undefined = previous
      ? { findings: reason === 'redraft' ? previous.findings : [], comments: [...comments], version: previous.version + 1 }
      : undefined;
    const drafted = await (settings.useModel
      ? withModelFallback(
          'write the draft',
          (message) => run.mark('draft', message),
          (steps, provider) => steps.draftContent({ brief: details.brief, feedback, previous: previous?.draft, provider }),
        )
      : offlineReaderStep.draftContent({ brief: details.brief, feedback, previous: previous?.draft, provider: 'fallback' }));
    const { provider, ...draft } = drafted;
    const checked = await gateStep.checkContent({ contentId: id, brief: details.brief, draft, previous: previous?.draft });
    const version: ContentVersion = {
      version: (previous?.version ?? 0) + 1,
      draft,
      formats: checked.formats,
      findings: checked.findings,
      passed: checked.passed,
      provider,
      reason,
      ...(comment && { comment }),
      diff: checked.diff,
      createdAt: run.now(),
    };
    details.versions.push(version);
    const errors = version.findings.filter((f) => f.severity === 'error');
    run.mark(
      'gates',
      version.passed
        ? `Version ${version.version} (${reason.replace('_', ' ')}) passes every gate`
        : `Version ${version.version} fails ${errors.length} gate finding(s): ${[...new Set(errors.map((f) => f.code))].join(', ')}`,
    );
    return version;
  };

  /** Draft until the gates pass or the redrafts are used up. */
  const draftRound = async (reason: ContentVersion['reason'], comment?: string) => {
    state.status = 'drafting';
    details.redrafts = 0;
    await run.publish();
    let version = await writeVersion(reason, comment);
    while (!version.passed && details.redrafts < settings.maxRedrafts) {
      details.redrafts++;
      run.mark('draft', `Redraft ${details.redrafts} of at most ${settings.maxRedrafts}, with the findings as feedback`);
      version = await writeVersion('redraft');
    }
    if (!version.passed) run.mark('gates', `Still failing after ${details.redrafts} redraft(s): the editor sees version ${version.version} with its findings`);
  };

  /** The editor's review, until approved (or rejected, or nobody decides in time). */
  const review = async () => {
    for (;;) {
      const version = latest()!;
      state.status = 'in_review';
      const limitReached = details.revisions >= settings.maxRevisions;
      run.mark(
        'review',
        `Version ${version.version} waits for an editor${limitReached ? ` (the ${settings.maxRevisions} revisions are used: approve or reject)` : ''}`,
      );
      await run.publish();
      const task = await desk.request({
        step: {
          key: `review-${version.version}`,
          role: 'editor',
          kind: 'content_review',
          requireComment: false,
          reason: 'review',
          ...(limitReached && { decisions: ['approve', 'reject'] }),
        },
        process: 'content',
        subject: `Review “${details.brief.title}” (version ${version.version}${version.passed ? '' : ', failing gates'})`,
        amount: null,
        currency: null,
        ladder: { editor: 'managing_editor', managing_editor: 'admin' },
        timers: { reminderAfterMs: settings.remindAfterMs, escalateAfterMs: settings.escalateAfterMs, deadlineMs: settings.deadlineMs },
        // The editor who asked for changes reviews the version that answers them.
        sameDeciders: true,
      });
      if (task.status === 'expired') throw new Stop<ContentReason>('expired', 'Nobody reviewed the piece in time.');
      const decision = task.decision!;
      const kind = decision.decision as 'approve' | 'request_changes' | 'reject';
      details.reviews.push({
        version: version.version,
        decision: kind,
        by: decision.by,
        at: decision.at,
        ...(decision.comment && { comment: decision.comment }),
      });
      if (kind === 'reject') throw new Stop<ContentReason>('rejected', `${decision.by} rejected the piece${decision.comment ? `: ${decision.comment}` : ''}`);
      if (kind === 'approve') {
        run.mark('review', `${decision.by} approved version ${version.version}`);
        return;
      }
      details.revisions++;
      comments.push(decision.comment!);
      run.mark('review', `${decision.by} asked for changes (${details.revisions} of ${settings.maxRevisions}): ${decision.comment}`);
      await draftRound('changes_requested', decision.comment);
    }
  };

  /** Publish at the brief's time (now when it has passed), once; an editor may cancel before. */
  const publish = async () => {
    const version = latest()!;
    const due = details.brief.publishAt && Date.parse(details.brief.publishAt) > Date.now() ? new Date(details.brief.publishAt).toISOString() : run.now();
    details.publication = {
      version: version.version,
      dueAt: due,
      target: settings.target,
      status: 'scheduled',
      urls: {},
      cancelled: null,
      error: null,
      publishedAt: null,
    };
    const wait = Date.parse(due) - Date.now();
    if (wait > 0) {
      state.status = 'scheduled';
      run.mark('schedule', `Scheduled for ${due}`);
      await run.publish();
      await condition(cancelled, wait);
      if (cancelled()) {
        const by = details.publication.cancelled!;
        details.publication.status = 'cancelled';
        throw new Stop<ContentReason>('cancelled', `${by.by} cancelled the publication${by.note ? `: ${by.note}` : ''}`);
      }
    }
    state.status = 'publishing';
    run.mark('publish', `Publishing version ${version.version} to ${settings.target === 'cms' ? 'the CMS' : 'the published-content store'}`);
    await run.publish();
    try {
      const published = await publishStep.publishContent({
        contentId: id,
        version: version.version,
        title: version.draft.title,
        formats: version.formats,
        draft: version.draft,
      });
      details.publication.urls = Object.fromEntries(published.filter((p) => p.url).map((p) => [p.platform, p.url!]));
      details.publication.publishedAt = published[0]?.publishedAt ?? run.now();
      details.publication.status = 'published';
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      details.publication.status = 'failed';
      details.publication.error = failureMessage(error);
      throw new Stop<ContentReason>('publish_rejected', `The publication failed: ${details.publication.error}`);
    }
    await run.conclude({
      status: 'published',
      step: 'done',
      message: `Published version ${version.version} on ${Object.keys(details.publication.urls).join(', ')}`,
      subject: `Published: ${details.brief.title}`,
    });
  };

  await run.guard(
    async () => {
      settings = await localDatabaseStep.contentSettingsNow();
      run.mark('received', `Brief received: “${details.brief.title}” for ${details.brief.platforms.join(', ')}`);
      await draftRound('first');
      await review();
      await publish();
    },
    {
      stopped: (stop) => ({
        status: ({ rejected: 'rejected', expired: 'expired', cancelled: 'cancelled', publish_rejected: 'publish_failed', processing_error: 'failed' } as const)[
          stop.reason
        ],
        reason: stop.reason,
        message: stop.message,
        step: 'done',
        subject: `Content closed: ${details.brief.title}`,
      }),
      cancelled: {
        cleanUp: async () => {
          for (const task of state.tasks.filter((t) => t.status === 'pending')) await desk.withdraw(task);
        },
        ending: () => ({
          status: 'cancelled',
          reason: 'cancelled',
          message: 'Cancelled by an operator.',
          step: state.step as ContentStep,
          subject: `Cancelled: ${details.brief.title}`,
        }),
      },
      failed: (message, step) => ({ status: 'failed', reason: 'processing_error', message, step, subject: `Content failed: ${details.brief.title}` }),
      failureType: 'ContentProcessingFailed',
      failureLabel: `Content ${id}`,
    },
  );
  run.showDetails();
  await condition(allHandlersFinished);
  return state;
}
