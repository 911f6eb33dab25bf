/**
 * A list of leads: one child run per person, at most LEADS_CONCURRENCY being enriched and scored at
 * once (a lead frees its slot when it is routed: an owner may take days to act). It pages through
 * the list's rows in the database and continues as new every few hundred leads, so a 10,000-row
 * list keeps a small history. A person already in flight is joined, not started twice.
 */
import { allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { leadWorkflowId, normaliseLead } from '../domain/leads/identity.js';
import { leadListProgressSignal, leadListStatusQuery, leadSubmittedSignal } from '../domain/leads/messages.js';
import type { LeadListDetails, LeadListState, LeadListWorkflowInput, SubmittedLead } from '../domain/leads/state.js';
import { registerEntry } from '../domain/register.js';
import { ProcessStatusKey, ProcessTypeKey } from '../domain/search-attributes.js';
import { localDatabaseStep } from './kit/profiles.js';
import { newRunState, ProcessRun } from './kit/run.js';
import { leadWorkflow } from './lead.js';

/** Rows read from the database at a time. */
const PAGE_ROWS = 200;
/** Leads started by one run before it continues as new. */
const LEADS_PER_RUN = 400;

/** Work through a list of leads. */
export async function leadListWorkflow(input: LeadListWorkflowInput): Promise<LeadListState> {
  const info = workflowInfo();
  const listId = input.carried?.listId ?? input.listId ?? info.workflowId;
  const details: LeadListDetails = input.carried?.details ?? { listId, position: 0, started: 0, joined: 0, routed: 0, failed: 0, continuedRuns: 0 };
  const state: LeadListState = newRunState({
    process: 'lead-list',
    id: listId,
    status: input.carried ? 'running' : 'loading',
    submittedBy: input.submittedBy,
    details,
  });
  if (input.carried) {
    state.createdAt = input.carried.createdAt;
    state.timeline = input.carried.timeline;
  }
  setHandler(leadListStatusQuery, () => state);

  // A lead in flight, until it says it has been routed or its run ends.
  const waiting = new Map<string, () => void>();
  setHandler(leadListProgressSignal, (p) => waiting.get(p.workflowId)?.());

  const run = new ProcessRun(state, {
    searchAttributes: () => [],
    details: () => [
      `**Lead list** ${listId}: ${state.status}`,
      `**Started** ${details.started}, **joined** ${details.joined}, **routed** ${details.routed}, **failed** ${details.failed} (rows handed out: ${details.position})`,
    ],
    record: () =>
      localDatabaseStep.setLeadListStatus({
        listId,
        status: state.status,
        run: registerEntry(state, `Lead list ${listId}`),
      }),
    tell: async () => {},
  });

  /** Start one row's lead (or join the run the person already has) and wait until it is routed. */
  const startLead = async (line: number, submitted: SubmittedLead) => {
    const lead = normaliseLead(submitted.lead);
    const workflowId = leadWorkflowId(lead.email);
    let settled!: () => void;
    const routed = new Promise<void>((resolve) => (settled = resolve));
    waiting.set(workflowId, settled);
    try {
      const child = await startChild(leadWorkflow, {
        workflowId,
        args: [{ lead, settings: settings!, submitted }],
        parentClosePolicy: 'ABANDON',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        typedSearchAttributes: [
          { key: ProcessTypeKey, value: 'lead' },
          { key: ProcessStatusKey, value: 'enriching' },
        ],
        staticSummary: `Lead ${lead.email} (list ${listId}, line ${line})`,
      });
      details.started++;
      await Promise.race([routed, child.result()]);
      details.routed++;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        await getExternalWorkflowHandle(workflowId).signal(leadSubmittedSignal, submitted);
        details.joined++;
      } else details.failed++;
    } finally {
      waiting.delete(workflowId);
    }
  };

  let settings = input.settings;
  let concurrency = input.concurrency ?? 1;
  await run.guard(
    async () => {
      if (!settings || input.concurrency === undefined) ({ settings, concurrency } = await localDatabaseStep.leadSettingsNow());
      if (!input.carried) {
        if (input.fetch) {
          run.mark('received', `Fetching the list from ${input.fetch.url ?? input.fetch.path}`);
          await localDatabaseStep.fetchLeadList({ listId, workflowId: info.workflowId, submittedBy: input.submittedBy, source: input.fetch });
        }
        state.status = 'running';
        run.mark('start', 'Starting one lead per row');
        await run.publish();
      }
      const inFlight = new Set<Promise<void>>();
      let startedHere = 0;
      let position: number | null = details.position;
      while (position !== null) {
        const page: { rows: { line: number; lead: SubmittedLead['lead'] }[]; next: number | null } = await localDatabaseStep.leadListRows({
          listId,
          position,
          limit: PAGE_ROWS,
        });
        for (const row of page.rows) {
          await condition(() => inFlight.size < concurrency);
          const submission = { at: new Date().toISOString(), by: input.submittedBy, source: row.lead.source ?? 'list', listId };
          const started = startLead(row.line, { submission, lead: row.lead }).finally(() => inFlight.delete(started));
          inFlight.add(started);
          startedHere++;
        }
        position = page.next;
        details.position = position ?? details.position + page.rows.length;
        if (position !== null && startedHere >= LEADS_PER_RUN) {
          await condition(() => inFlight.size === 0);
          details.continuedRuns++;
          run.mark('start', `Continuing as new after ${details.started + details.joined} leads`);
          await condition(allHandlersFinished);
          return continueAsNew<typeof leadListWorkflow>({
            ...input,
            settings,
            concurrency,
            carried: { listId, position, details, createdAt: state.createdAt, timeline: state.timeline.slice(-20) },
          });
        }
      }
      await condition(() => inFlight.size === 0);
      await run.conclude({
        status: 'completed',
        step: 'done',
        message: `Done: ${details.started} leads started, ${details.joined} joined runs already going, ${details.failed} failed`,
        subject: `Lead list ${listId}`,
      });
    },
    {
      stopped: (stop) => ({ status: 'failed', reason: stop.reason, message: stop.message, step: 'done', subject: `Lead list ${listId}` }),
      cancelled: {
        cleanUp: async () => {},
        ending: () => ({ status: 'failed', reason: 'cancelled', message: 'Cancelled by an operator.', step: state.step, subject: `Lead list ${listId}` }),
      },
      failed: (message, step) => ({ status: 'failed', reason: 'processing_error', message, step, subject: `Lead list ${listId}` }),
      failureType: 'LeadListFailed',
      failureLabel: `Lead list ${listId}`,
    },
  );
  await condition(allHandlersFinished);
  return state;
}
