/**
 * Submitting a lead (the API, the web-form webhook, mail to leads@): the submission recorded (a
 * repeated Idempotency-Key finds the first), then the person's run joined, or started when there
 * is none (signal-with-start: atomic, however many submissions of one person arrive at once).
 */
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../../config/index.js';
import type { Db } from '../../db/connect.js';
import { recordSubmission } from '../../db/leads/leads.js';
import { EMBEDDED_PROVIDERS } from '../../domain/leads/enrichment.js';
import { leadWorkflowId, normaliseLead, type LeadInput } from '../../domain/leads/lead.js';
import { leadSubmittedSignal } from '../../domain/leads/messages.js';
import type { LeadSettings } from '../../domain/leads/state.js';
import type { leadWorkflow } from '../../workflows/lead.js';
import { startProcess } from '../runs/start-process.js';

/** The task queue of a remote provider's look-ups (its rate limit is the queue's). */
export function providerTaskQueue(taskQueue: string, provider: string): string {
  return `${taskQueue}-provider-${provider}`;
}

/** The settings a lead runs with, from the configuration in force. */
export function leadSettings(config: Pick<AppConfig, 'leads' | 'temporal' | 'openai'>): LeadSettings {
  const l = config.leads;
  return {
    providers: l.providers.map((name) => ({ name, taskQueue: EMBEDDED_PROVIDERS.has(name) ? null : providerTaskQueue(config.temporal.taskQueue, name) })),
    required: l.required,
    cacheTtlMs: l.cacheTtlMs,
    cooldownMs: l.cooldownMs,
    useModel: Boolean(config.openai.apiKey),
    remindAfterMs: l.remindAfterMs,
    reassignAfterMs: l.reassignAfterMs,
  };
}

/** A lead to submit. */
export interface LeadSubmissionRequest {
  lead: LeadInput;
  submittedBy: string;
  /** Already scoped to the submitter. */
  idempotencyKey: string | null;
  listId?: string;
}

/** Submit a lead; `created` is false when the idempotency key named an earlier submission. */
export async function submitLead(
  deps: { db: Db; client: Client; config: Pick<AppConfig, 'leads' | 'temporal' | 'openai'> },
  request: LeadSubmissionRequest,
): Promise<{ id: string; workflowId: string; created: boolean }> {
  const lead = normaliseLead(request.lead);
  const recorded = await recordSubmission(deps.db, {
    leadId: lead.email,
    submittedBy: request.submittedBy,
    idempotencyKey: request.idempotencyKey,
    source: lead.source ?? null,
  });
  const workflowId = leadWorkflowId(recorded.leadId);
  if (!recorded.created) return { id: recorded.leadId, workflowId, created: false };
  await startProcess(deps, {
    process: 'lead',
    id: lead.email,
    workflowId,
    workflowType: 'leadWorkflow' satisfies (typeof leadWorkflow)['name'],
    taskQueue: deps.config.temporal.taskQueue,
    args: [{ lead, settings: leadSettings(deps.config) }],
    initialStatus: 'enriching',
    submittedBy: request.submittedBy,
    subject: `Lead ${lead.email}`,
    summary: `Lead ${lead.email}${lead.company ? ` (${lead.company})` : ''} from ${request.submittedBy}`,
    memo: { email: lead.email },
    join: {
      signal: leadSubmittedSignal.name,
      args: [
        { submission: { at: recorded.receivedAt, by: request.submittedBy, source: lead.source ?? null, listId: request.listId ?? null }, lead: request.lead },
      ],
    },
  });
  return { id: lead.email, workflowId, created: true };
}
