/**
 * An alert incident: events in (repeats join, a resolution resolves) -> triage (AI + rules) ->
 * suppressed as noise, or a short pause -> route (rules as data) -> page level by level until
 * someone acknowledges -> wait for resolution (paging again if it takes too long) -> tell who was
 * paged. Long-lived incidents continue as new, carrying their state.
 */
import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SignedAction } from '../domain/approval.js';
import type { AlertEvent } from '../domain/alerts/event.js';
import { alertEventSignal, alertStatusQuery, resolveAlertUpdate, unsuppressAlertUpdate } from '../domain/alerts/messages.js';
import { AlertSeverityKey, AlertTopicKey } from '../domain/alerts/search-attributes.js';
import { finalTriage, mayRespond } from '../domain/alerts/rules.js';
import type { AlertDetails, AlertReason, AlertState, AlertStep, AlertWorkflowInput } from '../domain/alerts/state.js';
import type { Channel } from '../domain/people.js';
import type { Role } from '../domain/roles.js';
import { PendingRoleKey } from '../domain/search-attributes.js';
import { HumanTaskDesk } from './kit/human-task.js';
import { withModelFallback } from './kit/model.js';
import { databaseStep, proofCheckStep } from './kit/profiles.js';
import { newRunState, ProcessRun, Stop, type RunState } from './kit/run.js';

/** Events kept in the status object (the count of all is `occurrences`). */
const KEPT_EVENTS = 20;

function refused(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** Handle one alert incident from its first event to its resolution. */
export async function alertWorkflow(input: AlertWorkflowInput): Promise<AlertState> {
  const info = workflowInfo();
  const now = new Date().toISOString();
  const details: AlertDetails = input.carried?.details ?? {
    source: input.source,
    dedupKey: input.dedupKey,
    summary: '',
    severity: 'warning',
    topic: null,
    labels: {},
    links: [],
    occurrences: 0,
    firstSeenAt: now,
    lastSeenAt: now,
    events: [],
    triage: null,
    route: null,
    pages: [],
    acknowledgement: null,
    resolution: null,
    suppression: null,
    continuedRuns: 0,
  };
  // Its id is its first run's (kept when it continues as new; a run opened by a re-fire is a new incident).
  const state: AlertState = input.carried ?? newRunState({ process: 'alert', id: info.runId, status: 'open', submittedBy: '', details });
  setHandler(alertStatusQuery, () => state);

  // Events: a repeat counts, a resolution resolves. Changes since the last record are recorded
  // at the next quiet moment (one record covers a burst).
  let eventsThisRun = 0;
  let unrecorded = false;
  const refired: AlertEvent[] = [];
  const onEvent = (e: AlertEvent) => {
    eventsThisRun++;
    // Fired again while this incident was closing: that is the next incident.
    if (e.action === 'trigger' && details.resolution) {
      refired.push(e);
      return;
    }
    details.events.push(e);
    if (details.events.length > KEPT_EVENTS) details.events.splice(0, details.events.length - KEPT_EVENTS);
    if (e.action === 'trigger') {
      if (details.occurrences === 0) {
        details.summary = e.summary;
        details.severity = e.severity;
        details.labels = e.labels;
        details.links = e.links;
        details.firstSeenAt = e.receivedAt;
        state.submittedBy = e.by;
      }
      details.occurrences++;
      details.lastSeenAt = e.receivedAt;
    } else if (e.action === 'resolve' && !details.resolution) {
      details.resolution = { by: e.by, at: e.receivedAt, via: 'event', note: `Resolved by ${e.source}` };
    }
    unrecorded = true;
  };
  for (const e of input.refired ?? []) onEvent(e);
  setHandler(alertEventSignal, onEvent);

  const forThisIncident = (a: SignedAction) => {
    if (a.subject !== undefined && a.subject !== state.id)
      throw refused('not_this_run', 'That incident has ended; a newer incident of the same alert is open.');
  };
  const checkProof = async (a: SignedAction) => {
    forThisIncident(a);
    if (!(await proofCheckStep.verifyActionProof({ workflowId: state.workflowId, action: a }))) {
      throw refused('invalid_proof', 'The request carries no valid proof that the API made it.');
    }
  };
  setHandler(
    resolveAlertUpdate,
    async (a) => {
      await checkProof(a);
      if (details.resolution) throw refused('already_resolved', `Already resolved by ${details.resolution.by}.`);
      details.resolution = { by: a.by, at: a.at, via: 'api', ...(a.note && { note: a.note }) };
      return state;
    },
    {
      validator: (a: SignedAction) => {
        forThisIncident(a);
        if (details.resolution) throw refused('already_resolved', `Already resolved by ${details.resolution.by}.`);
        if (!mayRespond(a.roles)) throw refused('role_not_allowed', 'Resolving an alert needs an on-call role (or admin).');
      },
    },
  );
  setHandler(
    unsuppressAlertUpdate,
    async (a) => {
      await checkProof(a);
      if (state.status !== 'suppressed' || !details.suppression) throw refused('not_suppressed', 'The incident is not suppressed.');
      details.suppression = { ...details.suppression, liftedBy: a.by, liftedAt: a.at };
      return state;
    },
    {
      validator: (a: SignedAction) => {
        forThisIncident(a);
        if (state.status !== 'suppressed') throw refused('not_suppressed', 'The incident is not suppressed.');
        if (!a.roles.includes('admin')) throw refused('role_not_allowed', 'Only an admin lifts a suppression.');
      },
    },
  );

  const pendingRole = (): Role | null => state.tasks.find((t) => t.status === 'pending')?.role ?? null;
  const resolved = () => details.resolution !== null;
  const mustContinue = () => eventsThisRun >= input.maxEventsPerRun || workflowInfo().continueAsNewSuggested;
  const title = () => `[${details.severity}] ${details.summary}`;

  const run = new ProcessRun(state as AlertState & RunState<AlertState['status'], AlertStep, AlertReason>, {
    searchAttributes: () => [
      { key: AlertSeverityKey, value: details.severity },
      { key: AlertTopicKey, value: details.topic ?? '' },
      { key: PendingRoleKey, value: pendingRole() ?? '' },
    ],
    details: () => {
      const role = pendingRole();
      const paging = role ? `paging ${role}${details.pages.length ? ` (${details.pages.at(-1)?.users.join(', ') || 'nobody holds it'})` : ''}` : '';
      return [
        `**Alert:** ${details.summary || '(waiting for the first event)'}`,
        `**Severity:** ${details.severity}; **topic:** ${details.topic ?? 'not triaged yet'}; **occurrences:** ${details.occurrences}`,
        `**Status:** ${state.status}${paging ? `, ${paging}` : ''}${details.acknowledgement ? `; acknowledged by ${details.acknowledgement.by}` : ''}`,
      ];
    },
    record: async () => {
      unrecorded = false;
      await databaseStep.recordAlert({ state, runId: workflowInfo().runId });
    },
    tell: async (ending) => {
      if (ending.status !== 'resolved') return;
      const paged = new Map<string, Set<Channel>>();
      for (const page of details.pages) for (const user of page.users) paged.set(user, new Set([...(paged.get(user) ?? []), ...page.channels]));
      if (paged.size === 0) return;
      await databaseStep.notifyAlertResolved({
        workflowId: state.workflowId,
        incidentId: state.id,
        subject: `Resolved: ${title()}`,
        body: ending.body ?? ending.message,
        paged: [...paged].map(([user, channels]) => ({ user, channels: [...channels] })),
      });
    },
  });

  const desk = new HumanTaskDesk(state, state.workflowId, null, () => {
    upsertSearchAttributes([{ key: PendingRoleKey, value: pendingRole() ?? '' }]);
    run.showDetails();
  });

  /** Wait until `done` (or the deadline), recording changes from events meanwhile; false on timeout. */
  const waitFor = async (done: () => boolean, deadline?: number): Promise<boolean> => {
    for (;;) {
      const wake = () => done() || unrecorded;
      const woke = deadline === undefined ? (await condition(wake), true) : await condition(wake, Math.max(deadline - Date.now(), 1));
      if (done()) return true;
      if (!woke) return false;
      await run.publish();
    }
  };

  /** Carry the incident into a new run: its history stays short however long it stays open. */
  const carryOn = async (): Promise<never> => {
    details.continuedRuns++;
    await run.publish();
    await condition(allHandlersFinished);
    return continueAsNew<typeof alertWorkflow>({ ...input, carried: state });
  };

  await run.guard(
    async () => {
      if (!input.carried) {
        await condition(() => details.occurrences > 0);
        run.mark('received', `Received: ${title()}`);
        await run.publish();
      }
      run.showDetails();

      if (!details.triage) {
        run.mark('triage', 'Triaging: topic, and noise or actionable');
        const proposed = await withModelFallback(
          'triage the alert',
          (message) => run.mark('triage', message),
          (steps, provider) =>
            steps.triageAlert({
              incidentId: state.id,
              source: details.source,
              dedupKey: details.dedupKey,
              summary: details.summary,
              severity: details.severity,
              labels: details.labels,
              annotations: details.events[0]?.annotations ?? {},
              createdAt: state.createdAt,
              provider,
            }),
        );
        const triage = finalTriage(proposed.triage, details.severity);
        details.triage = { ...triage, provider: proposed.provider, ...(triage !== proposed.triage && { proposed: proposed.triage }) };
        details.topic = triage.topic;
        if (triage.noise) details.suppression = { reason: triage.reason, at: run.now() };
      }

      if (details.suppression && !details.suppression.liftedAt && !resolved()) {
        state.status = 'suppressed';
        run.mark('suppressed', `Suppressed as noise: ${details.suppression.reason}`);
        await run.publish();
        await waitFor(() => resolved() || details.suppression?.liftedAt !== undefined || mustContinue());
        if (!resolved() && !details.suppression.liftedAt) return carryOn();
        if (details.suppression.liftedAt) {
          state.status = 'open';
          run.mark('route', `Suppression lifted by ${details.suppression.liftedBy ?? 'an admin'}`);
        }
      }

      if (!details.route && !resolved() && !details.suppression?.liftedAt && input.pauseForMs > 0) {
        run.mark('pause', `Waiting ${Math.round(input.pauseForMs / 1000)} s before paging: a transient alert may resolve`);
        await run.publish();
        await waitFor(resolved, Date.now() + input.pauseForMs);
        if (resolved()) throw new Stop<AlertReason>('resolved_before_page', 'Resolved before anyone was paged.');
      }

      if (!details.route && !resolved()) {
        run.mark('route', 'Choosing whom to page by the routing rules');
        details.route = await databaseStep.routeAlert({ severity: details.severity, topic: details.topic ?? 'application', labels: details.labels });
      }

      const route = details.route;
      while (route && !resolved()) {
        if (!details.acknowledgement) {
          const carried = state.tasks.find((t) => t.status === 'pending');
          if (!carried) {
            state.status = 'open';
            run.mark('page', `Paging by the "${route.name}" policy`);
            await run.publish();
          }
          const round = state.tasks.filter((t) => t.kind === 'acknowledge').length + (carried ? 0 : 1);
          const task = await desk.request(
            {
              step: {
                key: `${state.id}/acknowledge-${round}`,
                role: route.policy.levels[0]?.roles[0] ?? 'admin',
                kind: 'acknowledge',
                requireComment: false,
                reason: route.name,
              },
              process: 'alert',
              subject: title(),
              amount: null,
              currency: null,
              ladder: {},
              policy: route.policy,
              alsoRoles: ['integration'],
              until: () => resolved() || unrecorded || mustContinue(),
              onPage: (page) => details.pages.push(page),
            },
            carried,
          );
          if (task.status === 'pending') {
            if (resolved()) {
              await desk.withdraw(task);
              break;
            }
            if (mustContinue()) return carryOn();
            await run.publish();
            continue;
          }
          const d = task.decision;
          details.acknowledgement = { by: d?.by ?? 'unknown', at: d?.at ?? run.now(), ...(d?.comment && { note: d.comment }) };
          state.status = 'acknowledged';
          run.mark('acknowledged', `Acknowledged by ${details.acknowledgement.by}`);
          await run.publish();
        }
        const ackedAt = Date.parse(details.acknowledgement.at);
        const settled = await waitFor(() => resolved() || mustContinue(), ackedAt + input.ackTimeoutMs);
        if (settled && !resolved()) return carryOn();
        if (!settled) {
          run.mark('page', `Acknowledged by ${details.acknowledgement.by} but not resolved within ${Math.round(input.ackTimeoutMs / 1000)} s: paging again`);
          details.acknowledgement = null;
        }
      }

      const r = details.resolution;
      await run.conclude({
        status: 'resolved',
        step: 'resolved',
        message: `Resolved by ${r?.by ?? 'unknown'}${r?.via === 'event' ? ' (the monitor)' : ''}`,
        subject: `Resolved: ${title()}`,
        body: `${title()} was resolved by ${r?.by ?? 'unknown'} at ${r?.at ?? run.now()}, after ${details.occurrences} occurrence(s).`,
      });
    },
    {
      stopped: (stop) => ({ status: 'resolved', reason: stop.reason, message: stop.message, step: 'resolved', subject: `Resolved: ${title()}` }),
      cancelled: {
        cleanUp: async () => {
          for (const task of state.tasks.filter((t) => t.status === 'pending')) await desk.withdraw(task);
        },
        ending: () => ({
          status: 'resolved',
          reason: 'cancelled',
          message: 'Cancelled by an operator.',
          step: state.step as AlertStep,
          subject: `Cancelled: ${title()}`,
        }),
      },
      failed: (message, step) => ({ status: 'open', reason: 'processing_error', message, step, subject: `Alert handling failed: ${title()}` }),
      failureType: 'AlertProcessingFailed',
      failureLabel: `Alert ${state.id}`,
    },
  );
  run.mark('done', `Finished: ${state.status}`);
  run.showDetails();
  await condition(allHandlersFinished);
  // The alert fired again while this incident closed: open the next incident with those events.
  if (refired.length > 0 && state.status === 'resolved') return continueAsNew<typeof alertWorkflow>({ ...input, carried: undefined, refired });
  return state;
}
