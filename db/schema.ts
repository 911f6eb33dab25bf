/** The database's tables as Kysely sees them. Money is stored in whole cents. */
import type { ApprovalTaskStatus, Decision, HumanTaskKind } from '../domain/approval.js';

export interface VendorsTable {
  id: string;
  name: string;
  tax_id: string | null;
  tax_id_key: string | null;
  aliases: string; // JSON array of strings, for display; lookups go through vendor_keys
  status: 'active' | 'blocked';
  created_at: string;
}

/** Every name, alias and tax id of a vendor as a match key, so one indexed lookup finds it. */
export interface VendorKeysTable {
  key: string;
  vendor_id: string;
  kind: 'name' | 'alias' | 'tax_id';
}

export interface PurchaseOrdersTable {
  id: string;
  number: string;
  number_key: string;
  vendor_id: string;
  amount_cents: number;
  remaining_cents: number;
  currency: string;
  created_at: string;
}

export interface DocumentsTable {
  id: string;
  content_type: string;
  filename: string | null;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  text: string | null;
  created_at: string;
}

export interface InvoicesTable {
  id: string;
  workflow_id: string;
  document_id: string;
  submitted_by: string;
  source: string;
  idempotency_key: string | null;
  status: string;
  step: string;
  vendor_id: string | null;
  vendor_name: string | null;
  vendor_key: string | null;
  invoice_number: string | null;
  invoice_number_key: string | null;
  total_cents: number | null;
  currency: string | null;
  reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface ApprovalTasksTable {
  id: string;
  process: string;
  workflow_id: string;
  kind: HumanTaskKind;
  subject: string;
  amount_cents: number | null;
  currency: string | null;
  required_role: string;
  require_comment: number; // 1 when an approval must carry a comment
  status: ApprovalTaskStatus;
  due_at: string | null;
  created_at: string;
  decided_by: string | null;
  decision: Decision | null;
  comment: string | null;
  decided_at: string | null;
  /** The decisions it takes (JSON) when fewer than its kind's; null: all of them. */
  decisions: string | null;
}

export interface LedgerEntriesTable {
  id: string;
  invoice_id: string;
  vendor_id: string | null;
  vendor_name: string;
  invoice_number: string | null;
  purchase_order_id: string | null;
  amount_cents: number;
  currency: string;
  posted_at: string;
  vendor_key: string | null;
  invoice_number_key: string | null;
}

/** The claim on a vendor + invoice number held by the one invoice that may be paid for it. */
export interface InvoiceClaimsTable {
  vendor_key: string;
  invoice_number_key: string;
  invoice_id: string;
  claimed_at: string;
}

/** A person who may not decide a task, and why (separation of duties). */
export interface TaskExclusionsTable {
  task_id: string;
  user_name: string;
  why: 'submitter' | 'earlier_decider';
}

export interface NotificationsTable {
  id: string;
  key: string;
  workflow_id: string | null;
  channel: string;
  recipient: string;
  subject: string;
  body: string;
  created_at: string;
}

/** One row per process run of every process: what `GET /api/runs` lists. */
export interface RunsTable {
  process: string;
  id: string;
  workflow_id: string;
  status: string;
  step: string;
  reason: string | null;
  submitted_by: string;
  subject: string;
  created_at: string;
  updated_at: string;
}

/** The people directory: roles and where to reach each person. */
export interface PeopleTable {
  user_name: string;
  name: string;
  roles: string; // JSON array of roles
  email: string | null;
  phone: string | null;
  slack_webhook_url: string | null;
  channels: string; // JSON array of channels
  created_at: string;
  updated_at: string;
}

/** One message to one person on one channel, and how its delivery went. */
export interface DeliveriesTable {
  id: string;
  notification_id: string;
  workflow_id: string | null;
  recipient: string;
  channel: string;
  address: string | null;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
}

/** Who else may act on a task: a role (`kind` role) or a person (`kind` user) an escalation level paged. */
export interface TaskActorsTable {
  task_id: string;
  kind: 'role' | 'user';
  name: string;
}

/** One row per alert incident (a run of the alert workflow), for listing and flapping counts. */
export interface AlertsTable {
  id: string;
  workflow_id: string;
  /** The run that recorded last (an incident continues as new after many events). */
  run_id: string;
  /** The status object as last recorded (JSON): what the API shows when no worker answers. */
  state: string;
  source: string;
  dedup_key: string;
  summary: string;
  status: string;
  severity: string;
  topic: string | null;
  occurrences: number;
  first_seen_at: string;
  last_seen_at: string;
  acknowledged_by: string | null;
  resolved_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Settings admins change at run time (alert routes, noise patterns), as JSON documents. */
export interface SettingsTable {
  key: string;
  value: string;
  updated_by: string;
  updated_at: string;
}

/** A schedule as written (Temporal holds its state, next times and recent actions). */
export interface SchedulesTable {
  id: string;
  process: string;
  /** The spec as given (JSON): cron lines or an interval, and the time zone. */
  spec: string;
  /** The input as given (JSON). */
  input: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

/** The last heartbeat of each monitored source (the heartbeat check pages when one goes quiet). */
export interface HeartbeatsTable {
  name: string;
  last_at: string;
  last_by: string;
  beats: number;
}

/** A mail the SMTP listener received: stored first, then started, retried until it is. */
export interface InboundMailTable {
  id: string;
  message_id: string;
  mailbox: string;
  sender: string;
  subject: string;
  raw: Uint8Array;
  /** received (not started yet), started, rejected (nothing to start: the reason is in last_error). */
  status: string;
  attempts: number;
  last_error: string | null;
  /** What it started (JSON: process and ids). */
  started: string | null;
  /** When the next start may be tried: a claim while one is under way, a back-off after a failure. */
  next_attempt_at: string;
  received_at: string;
  updated_at: string;
}

/** The CRM record of a lead (one per person, by normalised email). */
export interface LeadsTable {
  id: string;
  workflow_id: string;
  run_id: string;
  /** The status object as last recorded (JSON). */
  state: string;
  status: string;
  grade: string | null;
  fit: number | null;
  engagement: number | null;
  owner: string | null;
  name: string | null;
  company: string | null;
  domain: string;
  created_at: string;
  updated_at: string;
}

/** One submission of a lead. */
export interface LeadSubmissionsTable {
  id: string;
  lead_id: string;
  submitted_by: string;
  idempotency_key: string | null;
  source: string | null;
  received_at: string;
}

/** A list of leads sent at once. */
export interface LeadListsTable {
  id: string;
  workflow_id: string;
  submitted_by: string;
  /** api, or where a schedule fetched it from. */
  origin: string;
  /** loading, running, completed, failed. */
  status: string;
  total_rows: number;
  /** The rows refused, with line and reason (JSON). */
  rejected: string;
  created_at: string;
  updated_at: string;
}

/** An accepted row of a list. */
export interface LeadListRowsTable {
  list_id: string;
  line: number;
  /** Its place among the accepted rows, from 0: the list workflow pages through them. */
  position: number;
  lead_id: string;
  input: string;
  /** The line of an earlier row of the same list with the same person. */
  duplicate_of: number | null;
}

/** One provider's look-up of one subject (person:<email>, company:<domain>). */
export interface EnrichmentLookupsTable {
  provider: string;
  subject: string;
  /** pending (a call under way, claimed until claimed_until) or done. */
  state: string;
  /** What it found (JSON; {} for no match). */
  findings: string | null;
  claimed_until: string | null;
  fetched_at: string | null;
}

/** Calls and outcomes per provider, and its cool-down. */
export interface EnrichmentUsageTable {
  provider: string;
  calls: number;
  matches: number;
  no_matches: number;
  errors: number;
  cache_hits: number;
  skipped: number;
  consecutive_failures: number;
  cooldown_until: string | null;
  last_error: string | null;
  updated_at: string;
}

/** A company of the directory. */
export interface CompaniesTable {
  domain: string;
  name: string;
  industry: string | null;
  employees: number | null;
  country: string | null;
  updated_by: string;
  updated_at: string;
}

/** Whose turn it is in a round-robin pool. */
export interface RoundRobinTable {
  pool: string;
  turn: number;
}

/** A piece of content (one per brief), kept in step with its run. */
export interface ContentPiecesTable {
  id: string;
  workflow_id: string;
  run_id: string;
  state: string;
  status: string;
  title: string;
  submitted_by: string;
  created_at: string;
  updated_at: string;
}

/** Each submission of a brief; a repeated Idempotency-Key of one submitter finds the first. */
export interface ContentSubmissionsTable {
  id: string;
  content_id: string;
  submitted_by: string;
  idempotency_key: string | null;
  received_at: string;
}

/** A piece as published on a platform by the project's own store (or recorded from the CMS). */
export interface ContentPublicationsTable {
  content_id: string;
  platform: string;
  version: number;
  title: string;
  /** The platform's format (JSON). */
  body: string;
  /** The whole piece as text, for the near-duplicate gate. */
  text: string;
  target: string;
  url: string | null;
  published_at: string;
}

export interface Database {
  content_pieces: ContentPiecesTable;
  content_submissions: ContentSubmissionsTable;
  content_publications: ContentPublicationsTable;
  leads: LeadsTable;
  lead_submissions: LeadSubmissionsTable;
  lead_lists: LeadListsTable;
  lead_list_rows: LeadListRowsTable;
  enrichment_lookups: EnrichmentLookupsTable;
  enrichment_usage: EnrichmentUsageTable;
  companies: CompaniesTable;
  round_robin: RoundRobinTable;
  schedules: SchedulesTable;
  heartbeats: HeartbeatsTable;
  inbound_mail: InboundMailTable;
  task_actors: TaskActorsTable;
  alerts: AlertsTable;
  settings: SettingsTable;
  deliveries: DeliveriesTable;
  people: PeopleTable;
  runs: RunsTable;
  vendors: VendorsTable;
  vendor_keys: VendorKeysTable;
  purchase_orders: PurchaseOrdersTable;
  documents: DocumentsTable;
  invoices: InvoicesTable;
  approval_tasks: ApprovalTasksTable;
  ledger_entries: LedgerEntriesTable;
  invoice_claims: InvoiceClaimsTable;
  task_exclusions: TaskExclusionsTable;
  notifications: NotificationsTable;
}
