/**
 * A lead: submissions in (the same person again joins) -> enrich, provider by provider, only for
 * what is still missing -> score by the rules (a model's reading beside them) -> A to a salesperson
 * with an outreach draft to send as is, edit or discard (reminded, reassigned when nobody acts),
 * B to nurture, C to the archive.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { EnrichmentField, ProviderAttempt } from '../domain/leads/enrichment.js';
import { fieldsToAsk, missingFields, mergeFindings, valueOf } from '../domain/leads/waterfall.js';
import { LEAD_FIELDS, leadId } from '../domain/leads/identity.js';
import { leadListProgressSignal, leadStatusQuery, leadSubmittedSignal } from '../domain/leads/messages.js';
import { composeOutreach, usableDraft, type OutreachFacts } from '../domain/leads/compose.js';
import { scoreLead, type ScoringFacts } from '../domain/leads/grading.js';
import { LeadGradeKey, LeadOwnerKey } from '../domain/leads/search-attributes.js';
import type { LeadDetails, LeadReason, LeadState, LeadStep, LeadWorkflowInput, SubmittedLead } from '../domain/leads/state.js';
import type { Role } from '../domain/roles.js';
import { PendingRoleKey } from '../domain/search-attributes.js';
import { HumanTaskDesk } from './kit/human-task.js';
import { withModelFallback } from './kit/model.js';
import { databaseStep, embeddedProviderStep, localDatabaseStep, providerStep } from './kit/profiles.js';
import { failureMessage, newRunState, ProcessRun, Stop, type RunState } from './kit/run.js';

/** Submissions kept in the status object (the count of all is `submissionCount`). */
const KEPT_SUBMISSIONS = 20;

/** The last owner has this long to act before the outreach expires. */
const LAST_OWNER_DEADLINE_MS = 30 * 24 * 3600_000;

/** What became of a provider step that failed, by the failure's type. */
function failedOutcome(error: unknown): ProviderAttempt['outcome'] {
  const type = error instanceof ActivityFailure && error.cause instanceof ApplicationFailure ? error.cause.type : undefined;
  if (type === 'ProviderUnauthorized') return 'skipped_unauthorized';
  if (type === 'ProviderCoolingDown') return 'skipped_cooling_down';
  return 'failed';
}

/** Handle one lead from its first submission to its owner's outreach (or the nurture list, or the archive). */
export async function leadWorkflow(input: LeadWorkflowInput): Promise<LeadState> {
  const info = workflowInfo();
  const reroute = input.reroute;
  const details: LeadDetails = reroute
    ? { ...reroute.carried, reroutedBy: reroute.by, outreach: null }
    : {
        lead: input.lead,
        submissions: [],
        submissionCount: 0,
        enrichment: {},
        attempts: [],
        missing: [],
        score: null,
        proposal: null,
        owner: null,
        assignments: [],
        outreach: null,
        reroutedBy: null,
      };
  const state: LeadState = newRunState({
    process: 'lead',
    id: leadId(input.lead.email),
    status: reroute ? 'routing' : 'enriching',
    submittedBy: reroute?.by ?? '',
    details,
  });
  setHandler(leadStatusQuery, () => state);

  // Every submission counts; a later one fills fields the first did not carry.
  const onSubmitted = ({ submission, lead }: SubmittedLead) => {
    details.submissionCount++;
    details.submissions.push(submission);
    if (details.submissions.length > KEPT_SUBMISSIONS) details.submissions.splice(0, details.submissions.length - KEPT_SUBMISSIONS);
    if (!state.submittedBy) state.submittedBy = submission.by;
    const known = details.lead as Record<string, unknown>;
    for (const field of LEAD_FIELDS) if (field !== 'email' && known[field] === undefined && lead[field] !== undefined) known[field] = lead[field];
    if (lead.attributes) details.lead.attributes = { ...lead.attributes, ...details.lead.attributes };
  };
  if (input.submitted) onSubmitted(input.submitted);
  setHandler(leadSubmittedSignal, onSubmitted);

  const pendingRole = (): Role | null => state.tasks.find((t) => t.status === 'pending')?.role ?? null;
  const who = () => details.lead.name ?? valueOf(details.enrichment, 'name') ?? details.lead.email;
  const company = () => valueOf(details.enrichment, 'company') ?? details.lead.company;
  const title = () => `${who()}${company() ? ` (${company()})` : ''}`;

  const run = new ProcessRun(state as LeadState & RunState<LeadState['status'], LeadStep, LeadReason>, {
    searchAttributes: () => [
      { key: LeadGradeKey, value: details.score?.grade ?? '' },
      { key: LeadOwnerKey, value: details.owner ?? '' },
      { key: PendingRoleKey, value: pendingRole() ?? '' },
    ],
    details: () => [
      `**Lead:** ${title()} <${details.lead.email}>`,
      `**Status:** ${state.status}${details.score ? `; **grade** ${details.score.grade} (fit ${details.score.fit}, engagement ${details.score.engagement})` : ''}${details.owner ? `; **owner** ${details.owner}` : ''}`,
      `**Enrichment:** ${Object.keys(details.enrichment).length} fields from ${[...new Set(Object.values(details.enrichment).map((v) => v?.provider))].join(', ') || 'nobody yet'}${details.missing.length ? `; missing ${details.missing.join(', ')}` : ''}`,
    ],
    record: () => localDatabaseStep.recordLead({ state, runId: workflowInfo().runId }),
    // The owner's outreach is the message this process sends; nobody else needs telling.
    tell: async () => {},
  });
  const desk = new HumanTaskDesk(state, state.workflowId, null, () => {
    upsertSearchAttributes([{ key: PendingRoleKey, value: pendingRole() ?? '' }]);
    run.showDetails();
  });

  /** Tell the list this lead came from (if a list started it) that it has been routed or has ended. */
  const tellList = async () => {
    const parent = info.parent;
    if (!parent) return;
    try {
      await getExternalWorkflowHandle(parent.workflowId).signal(leadListProgressSignal, {
        workflowId: state.workflowId,
        status: state.status,
        grade: details.score?.grade ?? null,
      });
    } catch {
      // The list has ended (or was cancelled): nobody is waiting.
    }
  };

  /** The waterfall: each provider in order, asked for what it may find of the required fields still missing. */
  const enrich = async () => {
    const lead = details.lead;
    const given: [EnrichmentField, string | undefined][] = [
      ['name', lead.name],
      ['title', lead.title],
      ['company', lead.company],
      ['country', lead.country],
    ];
    for (const [field, value] of given)
      if (value && !details.enrichment[field]) details.enrichment[field] = { value, provider: 'submitted', at: state.createdAt };
    const required = input.settings.required;
    for (const provider of input.settings.providers) {
      const missing = missingFields(details.enrichment, required);
      if (missing.length === 0) break;
      const asked = fieldsToAsk(provider.name, details.enrichment, lead.personal);
      if (!asked.some((f) => missing.includes(f))) continue;
      const steps = provider.taskQueue ? providerStep(provider.taskQueue) : embeddedProviderStep;
      const at = run.now();
      try {
        const result = await steps.lookUpProvider({
          provider: provider.name,
          lead: { email: lead.email, domain: lead.domain, personal: lead.personal, title: valueOf(details.enrichment, 'title'), company: company() },
          asked,
          cacheTtlMs: input.settings.cacheTtlMs,
          cooldownMs: input.settings.cooldownMs,
        });
        const found = result.answers.flatMap((a) => mergeFindings(details.enrichment, a.findings, provider.name, a.at, asked));
        details.attempts.push({
          provider: provider.name,
          asked,
          outcome: result.outcome === 'matched' && found.length === 0 ? 'no_match' : result.outcome,
          found,
          cached: result.answers.length > 0 && result.answers.every((a) => a.cached),
          at,
          ...(result.message && { message: result.message }),
        });
      } catch (error) {
        const outcome = failedOutcome(error);
        const message = failureMessage(error);
        details.attempts.push({ provider: provider.name, asked, outcome, found: [], cached: false, at, message });
        run.mark('enrich', `${provider.name}: ${outcome.replace(/_/g, ' ')} (${message}); the next provider is asked`);
      }
    }
    details.missing = missingFields(details.enrichment, required);
    const from = [...new Set(details.attempts.filter((a) => a.found.length > 0).map((a) => a.provider))];
    run.mark(
      'enrich',
      `Enriched: ${Object.keys(details.enrichment).length} fields${from.length ? ` from ${from.join(', ')}` : ''}${details.missing.length ? `; nobody found ${details.missing.join(', ')}` : ''}`,
    );
  };

  /** Score by the rules; a configured model adds its reading beside them. */
  const score = async () => {
    state.status = 'scoring';
    const icp = await localDatabaseStep.leadProfile();
    const latest = details.submissions.at(-1);
    const activity = details.lead.attributes?.last_activity ?? details.lead.attributes?.date;
    const facts: ScoringFacts = {
      personal: details.lead.personal,
      source: latest?.source ?? details.lead.source,
      message: details.lead.message,
      lastActivityAt: activity && !Number.isNaN(Date.parse(activity)) ? new Date(activity).toISOString() : (latest?.at ?? state.createdAt),
      enrichment: details.enrichment,
    };
    const rules = scoreLead(facts, icp, run.now());
    details.score = rules;
    if (input.settings.useModel) {
      details.proposal = await withModelFallback(
        'read the lead',
        (message) => run.mark('score', message),
        (steps, provider) => steps.proposeLeadScore({ facts, rules, provider }),
      );
    }
    run.mark('score', `Scored ${rules.grade} (fit ${rules.fit}, engagement ${rules.engagement}): ${rules.explanation.split('. ')[0]}`);
  };

  /** A draft for an owner: the configured model's, or the offline composer's. */
  const draftFor = async (owner: string) => {
    const ownerName = await localDatabaseStep.personName({ user: owner });
    const facts: OutreachFacts = { name: details.lead.name, message: details.lead.message, enrichment: details.enrichment, owner: { name: ownerName } };
    if (!input.settings.useModel) return { ...composeOutreach(facts), provider: 'offline' };
    return withModelFallback(
      'draft the outreach',
      (message) => run.mark('outreach', message),
      (steps, provider) => steps.draftOutreach({ facts, provider }),
    );
  };

  /** To sales: an owner, a draft, their task; reassigned when they do not act; the email sent once. */
  const toSales = async () => {
    state.status = 'routing';
    const tried = details.assignments.map((a) => a.owner);
    for (;;) {
      const chosen =
        tried.length === 0 && reroute?.owner
          ? { owner: reroute.owner, pool: 'admin', why: 'admin' as const }
          : await databaseStep.assignLeadOwner({
              country: valueOf(details.enrichment, 'country'),
              exclude: tried,
              why: tried.length > 0 ? 'reassigned' : 'first',
            });
      // Everyone in sales had it (or nobody is in sales): the last owner keeps it, or sales managers take it.
      const last = chosen === null;
      const owner = chosen?.owner ?? details.owner;
      if (chosen) {
        details.assignments.push({ ...chosen, at: run.now() });
        details.owner = chosen.owner;
      } else if (!owner) details.assignments.push({ owner: '', pool: 'everyone', why: 'nobody_in_sales', at: run.now() });
      const draft = owner
        ? await draftFor(owner)
        : { ...composeOutreach({ ...details.lead, enrichment: details.enrichment, owner: { name: 'Sales' } }), provider: 'offline' };
      details.outreach = { draft, sent: null, discarded: null };
      state.status = 'awaiting_outreach';
      run.mark(
        'outreach',
        owner
          ? `${owner} owns the lead (${chosen?.why ?? 'kept'}); the outreach draft waits for them`
          : 'Nobody holds the sales role: a sales manager takes the outreach',
      );
      await run.publish();
      if (tried.length === 0) await tellList();
      const task = await desk.request({
        step: { key: `outreach-${state.tasks.length + 1}`, role: 'sales_manager', kind: 'edit', requireComment: false, reason: 'outreach' },
        process: 'lead',
        subject: `Outreach to ${title()}, ${details.score?.grade ?? 'routed'}`,
        amount: null,
        currency: null,
        ladder: { sales_manager: 'admin' },
        timers: { reminderAfterMs: input.settings.remindAfterMs, deadlineMs: last || !owner ? LAST_OWNER_DEADLINE_MS : input.settings.reassignAfterMs },
        ...(owner && { assignee: owner }),
      });
      if (task.status === 'expired') {
        if (last || !owner) throw new Stop<LeadReason>('expired', 'Nobody sent or discarded the outreach in time.');
        tried.push(owner);
        run.mark('route', `${owner} did not act on the outreach in time: it passes to the next salesperson`);
        continue;
      }
      const decision = task.decision!;
      if (task.status === 'discarded') {
        details.outreach.discarded = { by: decision.by, at: decision.at, ...(decision.comment && { comment: decision.comment }) };
        throw new Stop<LeadReason>('discarded', `${decision.by} discarded the outreach${decision.comment ? `: ${decision.comment}` : ''}`);
      }
      const edited = usableDraft({ subject: decision.edits?.subject ?? draft.subject, body: decision.edits?.body ?? draft.body });
      const message = edited ?? { subject: draft.subject, body: draft.body };
      const isEdited = message.subject !== draft.subject || message.body !== draft.body;
      const sent = await databaseStep.sendOutreach({
        workflowId: state.workflowId,
        step: `outreach-${info.firstExecutionRunId}`,
        to: details.lead.email,
        ...message,
      });
      details.outreach.sent = { ...message, edited: isEdited, by: decision.by, at: decision.at, notificationKey: sent.key };
      await run.conclude({
        status: 'contacted',
        step: 'sent',
        message: `${decision.by} sent the outreach${isEdited ? ' (edited)' : ''} to ${details.lead.email}`,
        subject: `Lead contacted: ${title()}`,
      });
      return;
    }
  };

  await run.guard(
    async () => {
      if (!reroute) {
        await condition(() => details.submissionCount > 0);
        run.mark('received', `Received: ${title()} <${details.lead.email}>${details.lead.personal ? ' (a personal address)' : ''}`);
        run.mark('enrich', 'Enriching: the providers in order, each for what is still missing');
        await enrich();
        await score();
      } else run.mark('route', `${reroute.by} routed the lead to sales${reroute.owner ? ` (to ${reroute.owner})` : ''}`);
      const route = reroute ? 'sales' : details.score!.route;
      if (route === 'sales') return toSales();
      await run.conclude(
        route === 'nurture'
          ? { status: 'nurture', step: 'done', message: `To the nurture list: ${details.score!.grade}`, subject: `Lead nurtured: ${title()}` }
          : { status: 'archived', step: 'done', message: `Archived: ${details.score!.grade}`, subject: `Lead archived: ${title()}` },
      );
      await tellList();
    },
    {
      stopped: (stop) => ({
        status: stop.reason === 'discarded' ? 'discarded' : 'archived',
        reason: stop.reason,
        message: stop.message,
        step: 'done',
        subject: `Lead closed: ${title()}`,
      }),
      cancelled: {
        cleanUp: async () => {
          for (const task of state.tasks.filter((t) => t.status === 'pending')) await desk.withdraw(task);
        },
        ending: () => ({
          status: 'archived',
          reason: 'cancelled',
          message: 'Cancelled by an operator.',
          step: state.step as LeadStep,
          subject: `Cancelled: ${title()}`,
        }),
      },
      failed: (message, step) => ({ status: 'failed', reason: 'processing_error', message, step, subject: `Lead handling failed: ${title()}` }),
      failureType: 'LeadProcessingFailed',
      failureLabel: `Lead ${state.id}`,
    },
  );
  run.mark('done', `Finished: ${state.status}`);
  run.showDetails();
  await condition(allHandlersFinished);
  return state;
}
