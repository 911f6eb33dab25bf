/**
 * Request and response schemas of the REST API. The routes validate with them and the
 * OpenAPI document is generated from them, so the two cannot drift apart.
 */
import { z } from 'zod';
import { ContentState, ContentStatus } from '../domain/content/state.js';
import { ApprovalTaskStatus, ApprovalTaskView, Decision } from '../domain/approval.js';
import { InvoiceStatus, InvoiceSummary } from '../domain/invoice.js';
import { InvoiceState } from '../domain/invoice-state.js';
import { Person } from '../domain/people.js';
import { RunStatus } from '../domain/process.js';
import { Severity, Topic } from '../domain/alerts/event.js';
import { AlertRoute } from '../domain/alerts/routing.js';
import { ScheduleOverlap, ScheduleSpec } from '../domain/schedules.js';
export { AlertmanagerPayload as AlertmanagerPayloadSchema, GenericEvent as GenericEventSchema } from '../domain/alerts/event.js';
export { AlertRouting as AlertRoutingSchema } from '../domain/alerts/routing.js';
import { AlertState, AlertStatus } from '../domain/alerts/state.js';
import { NoiseSettings } from '../domain/alerts/triage.js';
import { Grade } from '../domain/leads/scoring.js';
import { LeadState, LeadStatus } from '../domain/leads/state.js';
export { NewPerson, Person, PersonChange } from '../domain/people.js';
import { PurchaseOrder, Vendor, VendorStatus } from '../domain/vendor.js';

export const ErrorResponse = z.object({
  code: z.string().describe('Stable machine-readable error code'),
  message: z.string().describe('What went wrong, for people'),
  field: z.string().optional().describe('The request field at fault, when there is one'),
});

export const Pagination = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const SubmitInvoiceJson = z.object({
  text: z.string().regex(/\S/, 'The invoice text is empty').describe('The invoice document as plain text (not only white space)'),
  filename: z.string().max(255).optional(),
});

export const InvoiceLinks = z.object({ self: z.string(), temporalUi: z.string() });

export const SubmitInvoiceResponse = z.object({
  id: z.string(),
  workflowId: z.string(),
  status: InvoiceStatus,
  links: InvoiceLinks,
});

export const InvoiceListItem = InvoiceSummary.extend({ links: InvoiceLinks });

export const InvoiceListQuery = Pagination.extend({ status: InvoiceStatus.optional() });

export const RunListQuery = Pagination.extend({
  process: z.string().min(1).max(64).optional().describe('Only runs of this process ("invoice", ...)'),
  status: z.string().min(1).max(64).optional().describe("Only runs in this status (the process's own statuses)"),
});

export const RunSummary = z.object({
  process: z.string(),
  id: z.string(),
  workflowId: z.string(),
  status: z.string(),
  step: z.string(),
  reason: z.string().nullable(),
  submittedBy: z.string(),
  subject: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  links: z.object({ self: z.string().describe("The run in its process's own API"), temporalUi: z.string() }),
});

export const InvoiceDetail = InvoiceState.extend({
  links: InvoiceLinks,
  readFrom: z.literal('workflow').describe('Read live from the workflow'),
});

export const InvoiceRegisterView = InvoiceSummary.extend({
  process: z.literal('invoice'),
  links: InvoiceLinks,
  readFrom: z.literal('register').describe('Temporal or a worker did not answer in time: the last state the workflow recorded'),
  asOf: z.string().describe('When the workflow last recorded this state'),
  note: z.string(),
});

export const InvoiceAnswer = z.union([InvoiceDetail, InvoiceRegisterView]);

export const TaskListQuery = Pagination.extend({
  status: ApprovalTaskStatus.default('pending'),
  process: z.string().min(1).max(64).optional().describe('Only tasks of this process ("invoice", ...)'),
});

export const DecisionRequest = z.object({
  decision: Decision.describe("One of the task's `decisions`"),
  comment: z.string().trim().max(2000).optional(),
  edits: z
    .record(z.string().max(64), z.string().max(20_000))
    .refine((e) => Object.keys(e).length <= 20, 'at most 20 fields')
    .optional()
    .describe('For an `edit` task accepted with changes: the changed fields'),
});

export const DecisionResponse = z.object({
  taskId: z.string(),
  workflowId: z.string(),
  decision: Decision,
  status: z.literal('recorded').describe('The workflow accepted and recorded the decision'),
});

export const CreateVendor = z.object({
  name: z.string().trim().min(1).max(200),
  taxId: z.string().trim().min(1).max(64).optional(),
  aliases: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
  status: VendorStatus.optional(),
});

export const CreatePurchaseOrder = z.object({
  number: z.string().trim().min(1).max(64),
  vendor: z.string().trim().min(1).describe('Vendor id or exact vendor name'),
  amount: z.number().positive().max(1e12),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR'),
});

export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  temporal: z.object({ ok: z.boolean(), address: z.string(), namespace: z.string(), error: z.string().optional() }),
  database: z.object({ ok: z.boolean(), error: z.string().optional() }),
  workers: z
    .object({ ok: z.boolean(), taskQueue: z.string(), lastPollAt: z.string().optional(), error: z.string().optional() })
    .describe('Whether a worker polled the task queue in the last minute; without one, processes wait (the API still answers)'),
});

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export const InvoicePage = page(InvoiceListItem);
export const NotificationListQuery = Pagination.extend({
  workflowId: z.string().min(1).max(300).optional(),
  status: z.enum(['pending', 'sending', 'sent', 'failed']).optional(),
  channel: z.enum(['inbox', 'email', 'slack', 'sms']).optional(),
});

export const DeliveryView = z.object({
  id: z.string(),
  notificationId: z.string(),
  workflowId: z.string().nullable(),
  recipient: z.string().describe('The person (user) it goes to'),
  channel: z.string(),
  address: z.string().nullable(),
  status: z.enum(['pending', 'sending', 'sent', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});

export const RunPage = page(RunSummary);
export const DeliveryPage = page(DeliveryView);
export const PeoplePage = page(Person);
export const TaskPage = page(ApprovalTaskView);
export const VendorPage = page(Vendor);
export const PurchaseOrderPage = page(PurchaseOrder);
export { ApprovalTaskView, PurchaseOrder, Vendor };

export const AlertListQuery = Pagination.extend({
  status: AlertStatus.optional(),
  severity: Severity.optional(),
  topic: Topic.optional(),
});

export const AlertActionRequest = z.object({ note: z.string().trim().max(2000).optional().describe('A note kept with the action') });

export const AlertLinks = z.object({ self: z.string(), temporalUi: z.string() });

export const AlertSummary = z.object({
  id: z.string().describe('The incident id (its first run id)'),
  workflowId: z.string(),
  source: z.string(),
  dedupKey: z.string(),
  summary: z.string(),
  status: AlertStatus,
  severity: Severity,
  topic: Topic.nullable(),
  occurrences: z.number().int(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  links: AlertLinks,
});

export const AlertDetail = AlertState.extend({
  deliveries: z.array(DeliveryView).describe('Every page and message of this incident and how its delivery went'),
  readFrom: z.enum(['workflow', 'register']).describe('Live from the workflow, or (no answer in time) as last recorded'),
  asOf: z.string().optional(),
  links: AlertLinks,
});

export const IngestResponse = z.object({
  accepted: z.number().int(),
  ignored: z.number().int(),
  events: z.array(
    z.object({
      source: z.string(),
      dedupKey: z.string(),
      action: z.enum(['trigger', 'acknowledge', 'resolve']),
      workflowId: z.string(),
      status: z.enum(['accepted', 'ignored']),
      reason: z.string().optional(),
    }),
  ),
});

export const AlertActionResponse = z.object({ id: z.string(), workflowId: z.string(), status: AlertStatus, by: z.string() });

export const AlertPage = page(AlertSummary);

export const AlertRoutingView = z.object({
  routes: z.array(AlertRoute),
  noise: NoiseSettings,
  updatedBy: z.string().nullable().describe('Who set these rules (null: the defaults)'),
  updatedAt: z.string().nullable(),
});

export { NewSchedule as NewScheduleSchema, ScheduleBackfill, ScheduleChange, ScheduleTrigger } from '../domain/schedules.js';

export const ScheduleView = z.object({
  id: z.string(),
  process: z.string(),
  spec: ScheduleSpec.describe('As written'),
  input: z.unknown().describe('As given (with defaults filled in)'),
  inTemporal: z.boolean().describe('False when the schedule was deleted in Temporal directly'),
  overlap: ScheduleOverlap.nullable(),
  paused: z.boolean().nullable(),
  note: z.string().nullable(),
  nextRunTimes: z.array(z.string()),
  recentActions: z.array(z.object({ scheduledAt: z.string(), takenAt: z.string(), workflowId: z.string(), runId: z.string() })),
  runningWorkflowIds: z.array(z.string()),
  actionsTaken: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  links: z.object({ self: z.string(), temporalUi: z.string() }),
});

export const ScheduleList = z.object({
  items: z.array(ScheduleView),
  processes: z.array(z.object({ process: z.string(), description: z.string() })).describe('What can be scheduled'),
});

export const ScheduleActionResponse = z.object({ id: z.string(), action: z.enum(['trigger', 'backfill']) });

export const HeartbeatView = z.object({ name: z.string(), lastAt: z.string(), lastBy: z.string(), beats: z.number().int() });

export const Me = z.object({ user: z.string(), name: z.string(), roles: z.array(z.string()) });

export const RunCounts = z.object({ counts: z.array(z.object({ process: z.string(), status: z.string(), count: z.number().int() })) });

export const TaskContext = z.object({
  task: ApprovalTaskView,
  run: RunStatus.extend({ details: z.unknown() }).loose().nullable().describe("The run's status, live from its workflow; null when it did not answer"),
  documentText: z.string().nullable().optional().describe('An invoice: the document as read'),
  links: z.object({ temporalUi: z.string(), run: z.string().optional() }),
});

export { LeadInput as LeadInputSchema } from '../domain/leads/lead.js';
export { IdealCustomerProfile as IdealCustomerProfileSchema } from '../domain/leads/scoring.js';
export { LeadRouting as LeadRoutingSchema } from '../domain/leads/routing.js';

export const LeadLinks = z.object({ self: z.string(), temporalUi: z.string() });

export const LeadSubmitted = z.object({
  id: z.string().describe("The lead's id: its normalised email"),
  workflowId: z.string(),
  created: z.boolean().describe('False when the Idempotency-Key named an earlier submission'),
  links: LeadLinks,
});

export const LeadListQuery = Pagination.extend({
  owner: z.string().max(64).optional(),
  grade: Grade.optional(),
  status: LeadStatus.optional(),
});

export const LeadSummary = z.object({
  id: z.string(),
  workflowId: z.string(),
  status: LeadStatus,
  grade: Grade.nullable(),
  fit: z.number().int().nullable(),
  engagement: z.number().int().nullable(),
  owner: z.string().nullable(),
  name: z.string().nullable(),
  company: z.string().nullable(),
  domain: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  links: LeadLinks,
});
export const LeadPage = page(LeadSummary);

export const LeadDetail = LeadState.extend({
  readFrom: z.enum(['workflow', 'register']),
  asOf: z.string().optional(),
  links: LeadLinks,
});

export const LeadRerouteRequest = z.object({
  owner: z.string().min(1).max(64).optional().describe('A salesperson to own it (default: the territory, then round-robin)'),
});

export const LeadListSubmitted = z.object({
  id: z.string(),
  workflowId: z.string(),
  rows: z.number().int().describe('Rows read (accepted and rejected)'),
  accepted: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })).describe('Each refused row: its line in the file (the header is line 1) and why'),
  links: z.object({ self: z.string(), results: z.string(), temporalUi: z.string() }),
});

export const LeadListView = LeadListSubmitted.omit({ accepted: true }).extend({
  status: z.string(),
  origin: z.string(),
  submittedBy: z.string(),
  counts: z
    .record(z.string(), z.number().int())
    .describe('rows, accepted, rejected, duplicates, pending, and one count per lead status (enriching, nurture, awaiting_outreach, ...)'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const CompanyInput = z
  .object({
    domain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'a domain name (example.com)'),
    name: z.string().trim().min(1).max(200),
    industry: z.string().trim().max(80).nullable().default(null),
    employees: z.coerce.number().int().min(1).max(10_000_000).nullable().default(null),
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'a two-letter country code')
      .transform((c) => c.toUpperCase())
      .nullable()
      .default(null),
  })
  .strict();
export const Company = CompanyInput.extend({ updatedBy: z.string(), updatedAt: z.string() });
export const CompanyPage = page(Company);
export const CompaniesImported = z.object({ imported: z.number().int(), rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })) });

export const ProviderUsage = z.object({
  provider: z.string(),
  calls: z.number().int().describe('Requests made to the provider (each may cost a credit)'),
  matches: z.number().int(),
  noMatches: z.number().int(),
  errors: z.number().int(),
  cacheHits: z.number().int().describe('Look-ups answered from a stored answer within ENRICHMENT_CACHE_TTL: no call'),
  skipped: z.number().int().describe('Look-ups skipped while the provider cooled down'),
  coolingDownUntil: z.string().nullable(),
  lastError: z.string().nullable(),
  updatedAt: z.string(),
});
export const EnrichmentUsage = z.object({
  providers: z.array(ProviderUsage),
  order: z.array(z.string()).describe('ENRICHMENT_PROVIDERS: the waterfall order'),
});

export const SettingView = <T extends z.ZodType>(schema: T) => z.object({ value: schema, updatedBy: z.string().nullable(), updatedAt: z.string().nullable() });

export { ContentBrief as ContentBriefSchema } from '../domain/content/brief.js';
export { ContentStyle as ContentStyleSchema } from '../domain/content/style.js';

export const ContentLinks = z.object({ self: z.string(), published: z.string(), temporalUi: z.string() });

export const ContentSubmitted = z.object({
  id: z.string(),
  workflowId: z.string(),
  created: z.boolean().describe('False when the Idempotency-Key named an earlier submission'),
  links: ContentLinks,
});

export const ContentListQuery = Pagination.extend({ status: ContentStatus.optional() });

export const ContentSummary = z.object({
  id: z.string(),
  workflowId: z.string(),
  status: ContentStatus,
  title: z.string(),
  submittedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  links: ContentLinks,
});
export const ContentPage = page(ContentSummary);

export const ContentDetail = ContentState.extend({
  readFrom: z.enum(['workflow', 'register']),
  asOf: z.string().optional(),
  links: ContentLinks,
});

export const ContentPublished = z.object({
  id: z.string(),
  items: z.array(
    z.object({
      platform: z.string(),
      version: z.number().int(),
      title: z.string(),
      body: z.unknown().describe('The platform’s format: blog {markdown, html}, linkedin {text}, x {posts}, newsletter {subject, html, text}'),
      target: z.enum(['store', 'cms']),
      url: z.string().nullable(),
      publishedAt: z.string(),
    }),
  ),
});

export const ContentCancelRequest = z.object({ note: z.string().trim().max(500).optional() }).strict();
