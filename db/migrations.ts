/** Schema migrations, applied in order at start by every process that opens the database. */
import { Kysely, Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import { isPostgres } from './util.js';

/** Bytes: SQLite's `blob` is PostgreSQL's `bytea`. */
const binary = (db: Kysely<unknown>) => (isPostgres(db) ? 'bytea' : 'blob');

const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('vendors')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('tax_id', 'text')
        .addColumn('tax_id_key', 'text')
        .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('vendor_keys')
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('vendor_keys_pk', ['key', 'vendor_id'])
        .execute();
      await db.schema
        .createTable('purchase_orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('number_key', 'text', (c) => c.notNull().unique())
        .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
        .addColumn('amount_cents', 'bigint', (c) => c.notNull())
        .addColumn('remaining_cents', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('filename', 'text')
        .addColumn('size_bytes', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('content', binary(db), (c) => c.notNull())
        .addColumn('text', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('invoices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workflow_id', 'text', (c) => c.notNull().unique())
        .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
        .addColumn('submitted_by', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('vendor_id', 'text')
        .addColumn('vendor_name', 'text')
        .addColumn('vendor_key', 'text')
        .addColumn('invoice_number', 'text')
        .addColumn('invoice_number_key', 'text')
        .addColumn('total_cents', 'bigint')
        .addColumn('currency', 'text')
        .addColumn('reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('invoices_status').on('invoices').columns(['status', 'created_at']).execute();
      await db.schema.createIndex('invoices_business_key').on('invoices').columns(['vendor_key', 'invoice_number_key']).execute();
      await db.schema
        .createTable('approval_tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('process', 'text', (c) => c.notNull())
        .addColumn('workflow_id', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('amount_cents', 'bigint')
        .addColumn('currency', 'text')
        .addColumn('required_role', 'text', (c) => c.notNull())
        .addColumn('require_comment', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decision', 'text')
        .addColumn('comment', 'text')
        .addColumn('decided_at', 'text')
        .execute();
      await db.schema.createIndex('approval_tasks_status').on('approval_tasks').columns(['status', 'required_role']).execute();
      await db.schema
        .createTable('ledger_entries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('invoice_id', 'text', (c) => c.notNull().unique())
        .addColumn('vendor_id', 'text')
        .addColumn('vendor_name', 'text', (c) => c.notNull())
        .addColumn('invoice_number', 'text')
        .addColumn('purchase_order_id', 'text')
        .addColumn('amount_cents', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('posted_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('notifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('workflow_id', 'text')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_trust': {
    async up(db: Kysely<unknown>) {
      // One invoice per vendor + normalised number among those posted or in flight: claimed
      // atomically before routing, released when an invoice ends rejected or failed.
      await db.schema
        .createTable('invoice_claims')
        .addColumn('vendor_key', 'text', (c) => c.notNull())
        .addColumn('invoice_number_key', 'text', (c) => c.notNull())
        .addColumn('invoice_id', 'text', (c) => c.notNull())
        .addColumn('claimed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('invoice_claims_pk', ['vendor_key', 'invoice_number_key'])
        .execute();
      await db.schema.createIndex('invoice_claims_invoice').on('invoice_claims').column('invoice_id').execute();
      // The ledger itself refuses a second entry for the same vendor + number.
      await db.schema.alterTable('ledger_entries').addColumn('vendor_key', 'text').execute();
      await db.schema.alterTable('ledger_entries').addColumn('invoice_number_key', 'text').execute();
      await db.schema.createIndex('ledger_entries_business_key').unique().on('ledger_entries').columns(['vendor_key', 'invoice_number_key']).execute();
      // Who may not decide a task (separation of duties), for the inbox and the API's checks.
      await db.schema
        .createTable('task_exclusions')
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('why', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('task_exclusions_pk', ['task_id', 'user_name'])
        .execute();
      // A document is stored once per content: point invoices at the first copy, drop the others.
      await sql`update invoices set document_id = (
          select min(d2.id) from documents d1 join documents d2 on d2.sha256 = d1.sha256 and d2.content_type = d1.content_type
          where d1.id = invoices.document_id)`.execute(db);
      await sql`delete from documents where id not in (select min(id) from documents group by sha256, content_type)`.execute(db);
      await db.schema.createIndex('documents_content').unique().on('documents').columns(['sha256', 'content_type']).execute();
      await db.schema.createIndex('invoices_submitter').on('invoices').columns(['submitted_by', 'status']).execute();
    },
  },
  '0003_runs': {
    async up(db: Kysely<unknown>) {
      // The run register every process shares; invoices already submitted join it.
      await db.schema
        .createTable('runs')
        .addColumn('process', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('workflow_id', 'text', (c) => c.notNull().unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('submitted_by', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('runs_pk', ['process', 'id'])
        .execute();
      await db.schema.createIndex('runs_listing').on('runs').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('runs_status').on('runs').columns(['process', 'status', 'created_at']).execute();
      await sql`insert into runs (process, id, workflow_id, status, step, reason, submitted_by, subject, created_at, updated_at)
        select 'invoice', id, workflow_id, status, step, reason, submitted_by,
               'Invoice ' || coalesce(invoice_number, id) || coalesce(' from ' || vendor_name, ''), created_at, updated_at
        from invoices`.execute(db);
    },
  },
  '0004_people': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('people')
        .addColumn('user_name', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('roles', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('email', 'text')
        .addColumn('phone', 'text')
        .addColumn('slack_webhook_url', 'text')
        .addColumn('channels', 'text', (c) => c.notNull().defaultTo('["inbox"]'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0005_deliveries': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('notification_id', 'text', (c) => c.notNull())
        .addColumn('workflow_id', 'text')
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('address', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('lease_until', 'text')
        .addColumn('last_error', 'text')
        .addColumn('sent_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('deliveries_once', ['notification_id', 'recipient', 'channel'])
        .execute();
      await db.schema.createIndex('deliveries_due').on('deliveries').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('deliveries_workflow').on('deliveries').columns(['workflow_id', 'created_at']).execute();
    },
  },
  '0006_alerts_and_task_kinds': {
    async up(db: Kysely<unknown>) {
      // Tasks of every kind: a kind column, who else may act, and no deadline for tasks that wait
      // until decided (an alert's acknowledgement). SQLite cannot relax NOT NULL: rebuild the table.
      await db.schema
        .createTable('approval_tasks_v2')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('process', 'text', (c) => c.notNull())
        .addColumn('workflow_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('approval'))
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('amount_cents', 'bigint')
        .addColumn('currency', 'text')
        .addColumn('required_role', 'text', (c) => c.notNull())
        .addColumn('require_comment', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decision', 'text')
        .addColumn('comment', 'text')
        .addColumn('decided_at', 'text')
        .execute();
      await sql`insert into approval_tasks_v2 (id, process, workflow_id, kind, subject, amount_cents, currency, required_role, require_comment, status, due_at, created_at, decided_by, decision, comment, decided_at)
        select id, process, workflow_id, case when require_comment = 1 then 'review' else 'approval' end, subject, amount_cents, currency, required_role, require_comment, status, due_at, created_at, decided_by, decision, comment, decided_at
        from approval_tasks`.execute(db);
      await db.schema.dropTable('approval_tasks').execute();
      await sql`alter table approval_tasks_v2 rename to approval_tasks`.execute(db);
      await db.schema.createIndex('approval_tasks_status').on('approval_tasks').columns(['status', 'required_role']).execute();
      await db.schema.createIndex('approval_tasks_workflow').on('approval_tasks').columns(['workflow_id', 'status']).execute();
      await db.schema
        .createTable('task_actors')
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('task_actors_pk', ['task_id', 'kind', 'name'])
        .execute();
      await db.schema.createIndex('task_actors_name').on('task_actors').columns(['kind', 'name']).execute();

      // A workflow id may have several runs (an alert that fires again after it resolved is a new
      // incident of the same fingerprint): the register's workflow ids are no longer unique.
      await db.schema
        .createTable('runs_v2')
        .addColumn('process', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('workflow_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('submitted_by', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('runs_v2_pk', ['process', 'id'])
        .execute();
      await sql`insert into runs_v2 select process, id, workflow_id, status, step, reason, submitted_by, subject, created_at, updated_at from runs`.execute(db);
      await db.schema.dropTable('runs').execute();
      await sql`alter table runs_v2 rename to runs`.execute(db);
      await db.schema.createIndex('runs_listing').on('runs').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('runs_status').on('runs').columns(['process', 'status', 'created_at']).execute();
      await db.schema.createIndex('runs_workflow').on('runs').columns(['workflow_id']).execute();

      await db.schema
        .createTable('alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workflow_id', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('dedup_key', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('topic', 'text')
        .addColumn('occurrences', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('first_seen_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('acknowledged_by', 'text')
        .addColumn('resolved_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('alerts_listing').on('alerts').columns(['status', 'created_at']).execute();
      await db.schema.createIndex('alerts_key').on('alerts').columns(['source', 'dedup_key', 'created_at']).execute();

      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0007_triggers': {
    async up(db: Kysely<unknown>) {
      // Schedules live in Temporal; this keeps what Temporal does not give back as written (the cron
      // text, the process, the input as given) and who changed it.
      await db.schema
        .createTable('schedules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('process', 'text', (c) => c.notNull())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('input', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('heartbeats')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('last_at', 'text', (c) => c.notNull())
        .addColumn('last_by', 'text', (c) => c.notNull())
        .addColumn('beats', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // Mail received by the SMTP listener, stored before anything starts, once per Message-ID.
      await db.schema
        .createTable('inbound_mail')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('mailbox', 'text', (c) => c.notNull())
        .addColumn('sender', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('raw', binary(db), (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('started', 'text')
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('inbound_mail_once', ['message_id', 'mailbox'])
        .execute();
      await db.schema.createIndex('inbound_mail_due').on('inbound_mail').columns(['status', 'next_attempt_at']).execute();
    },
  },
  '0008_leads': {
    async up(db: Kysely<unknown>) {
      // The CRM record of each lead (one per person), kept in step with its runs.
      await db.schema
        .createTable('leads')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workflow_id', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('grade', 'text')
        .addColumn('fit', 'integer')
        .addColumn('engagement', 'integer')
        .addColumn('owner', 'text')
        .addColumn('name', 'text')
        .addColumn('company', 'text')
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('leads_by_owner').on('leads').columns(['owner', 'grade']).execute();
      await db.schema.createIndex('leads_by_grade').on('leads').columns(['grade', 'status']).execute();
      // Each submission of a lead; a repeated Idempotency-Key of one submitter finds the first.
      await db.schema
        .createTable('lead_submissions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('lead_id', 'text', (c) => c.notNull())
        .addColumn('submitted_by', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('source', 'text')
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('lead_submissions_once', ['submitted_by', 'idempotency_key'])
        .execute();
      await db.schema
        .createTable('lead_lists')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workflow_id', 'text', (c) => c.notNull())
        .addColumn('submitted_by', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('total_rows', 'integer', (c) => c.notNull())
        .addColumn('rejected', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // A list's accepted rows (its input lives here, not in workflow history: the claim check).
      await db.schema
        .createTable('lead_list_rows')
        .addColumn('list_id', 'text', (c) => c.notNull())
        .addColumn('line', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('lead_id', 'text', (c) => c.notNull())
        .addColumn('input', 'text', (c) => c.notNull())
        .addColumn('duplicate_of', 'integer')
        .addPrimaryKeyConstraint('lead_list_rows_pk', ['list_id', 'position'])
        .execute();
      // Provider look-ups: one per provider and subject (a person's email, a company's domain)
      // within the cache TTL, claimed before the call so concurrent runs make one call.
      await db.schema
        .createTable('enrichment_lookups')
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('findings', 'text')
        .addColumn('claimed_until', 'text')
        .addColumn('fetched_at', 'text')
        .addPrimaryKeyConstraint('enrichment_lookups_pk', ['provider', 'subject'])
        .execute();
      await db.schema
        .createTable('enrichment_usage')
        .addColumn('provider', 'text', (c) => c.primaryKey())
        .addColumn('calls', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('matches', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('no_matches', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('errors', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('cache_hits', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('cooldown_until', 'text')
        .addColumn('last_error', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // The project's own company directory: the embedded provider, matched by domain.
      await db.schema
        .createTable('companies')
        .addColumn('domain', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('industry', 'text')
        .addColumn('employees', 'integer')
        .addColumn('country', 'text')
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('round_robin')
        .addColumn('pool', 'text', (c) => c.primaryKey())
        .addColumn('turn', 'integer', (c) => c.notNull())
        .execute();
    },
  },
  '0009_content': {
    async up(db: Kysely<unknown>) {
      // A task may take fewer decisions than its kind (a review past its revision limit).
      await db.schema.alterTable('approval_tasks').addColumn('decisions', 'text').execute();
      await db.schema
        .createTable('content_pieces')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workflow_id', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('submitted_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('content_by_status').on('content_pieces').columns(['status', 'created_at']).execute();
      await db.schema
        .createTable('content_submissions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('content_id', 'text', (c) => c.notNull())
        .addColumn('submitted_by', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('content_submissions_once', ['submitted_by', 'idempotency_key'])
        .execute();
      // One publication per piece and platform: publishing again (a retried step) changes nothing.
      await db.schema
        .createTable('content_publications')
        .addColumn('content_id', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('url', 'text')
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('content_publications_pk', ['content_id', 'platform'])
        .execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Bring the database's schema to the named migration (tests of upgrades start from an older one). */
export async function migrateTo(db: Kysely<unknown>, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
}

/** Bring the database's schema up to date; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error.message : error === undefined ? 'unknown error' : JSON.stringify(error);
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${cause}`);
  }
}
