/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */
import { z } from 'zod';
import { DOCUMENT_CONTENT_TYPES } from '../domain/invoice.js';
import * as S from './schemas.js';

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) } });
const input = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) } });
const error = (description: string) => ({ description, content: json(S.ErrorResponse) });

/** Query parameters from a zod object schema. */
function queryParameters(schema: z.ZodObject) {
  const js = z.toJSONSchema(schema, { io: 'input' }) as { properties?: Record<string, object> };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: false, schema: s }));
}

/** What any authenticated route may answer besides its own results. */
const standardErrors = {
  '401': error('No or invalid bearer token'),
  '403': error('The caller lacks the role this needs'),
  '429': error('Too many failed authentications from this address (see Retry-After)'),
};

/** Routes with an id in the path also refuse a malformed percent-escape in it. */
const pathErrors = { '400': error('A malformed percent-escape in the path (bad_path)') };

const rawDocument = { schema: { type: 'string', format: 'binary', minLength: 1 } };

/** Build the document; `serverUrl` is where the API is reachable. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Durable business processes API',
      version: '0.1.0',
      description:
        'Start processes, read their state, and act on people’s tasks. Every /api route except /api/health needs `Authorization: Bearer <token>`. Errors are JSON `{code, message, field?}`.',
    },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths: {
      '/api/health': {
        get: {
          summary: 'Is Temporal reachable and the database answering?',
          security: [],
          responses: { '200': { description: 'Healthy', content: json(S.Health) }, '503': { description: 'Degraded', content: json(S.Health) } },
        },
      },
      '/api/invoices': {
        post: {
          summary: 'Submit an invoice (JSON text, or a raw text, PDF or email upload)',
          description:
            'Roles: ap_clerk, admin. An `Idempotency-Key` header makes a repeat return the first invoice (200) instead of starting a second process. Documents up to 10 MB (MAX_DOCUMENT_MB).',
          parameters: [
            { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } },
            { name: 'X-Filename', in: 'header', required: false, schema: { type: 'string' }, description: 'Original file name of a raw upload' },
          ],
          requestBody: {
            required: true,
            content: {
              ...input(S.SubmitInvoiceJson),
              ...Object.fromEntries(DOCUMENT_CONTENT_TYPES.map((t) => [t, rawDocument])),
            },
          },
          responses: {
            '202': { description: 'Accepted; processing started', content: json(S.SubmitInvoiceResponse) },
            '200': { description: 'Repeat of an earlier submission with the same Idempotency-Key', content: json(S.SubmitInvoiceResponse) },
            '400': error('Invalid body (see field), an empty document, or a bad Idempotency-Key'),
            ...standardErrors,
            '413': error('Document larger than the limit'),
            '415': error('Unsupported Content-Type'),
            '429': error(
              'Too many failed authentications, too many submissions a minute (too_many_submissions), or too many invoices in flight (quota_exceeded); see Retry-After',
            ),
            '503': error('The API is receiving as many documents as it may at once (too_many_uploads); see Retry-After'),
          },
        },
        get: {
          summary: 'List invoices, newest first',
          parameters: queryParameters(S.InvoiceListQuery),
          responses: { '200': { description: 'A page of invoices', content: json(S.InvoicePage) }, '400': error('Invalid query'), ...standardErrors },
        },
      },
      '/api/invoices/{id}': {
        get: {
          summary: "An invoice's whole state (live from its workflow's status query)",
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The status object, live from the workflow or (readFrom: register) as last recorded', content: json(S.InvoiceAnswer) },
            ...pathErrors,
            '404': error('Unknown invoice'),
            ...standardErrors,
          },
        },
      },
      '/api/tasks': {
        get: {
          summary: 'The inbox: tasks of every process the caller may act on (never their own submissions, nor a second level)',
          parameters: queryParameters(S.TaskListQuery),
          responses: { '200': { description: 'A page of tasks', content: json(S.TaskPage) }, '400': error('Invalid query'), ...standardErrors },
        },
      },
      '/api/tasks/{taskId}': {
        get: {
          summary: 'One task',
          parameters: [{ name: 'taskId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The task', content: json(S.ApprovalTaskView) }, ...pathErrors, '404': error('Unknown task'), ...standardErrors },
        },
      },
      '/api/tasks/{taskId}/decision': {
        post: {
          summary: 'Approve or reject a task',
          description:
            'Sent to the workflow as the signed `decide` update; the answer is the workflow’s verdict. One decision counts per task: a second one gets 409. The submitter may not decide their own invoice (403 own_submission), nor one person two approval levels of one invoice (403 second_approval_level).',
          parameters: [{ name: 'taskId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: input(S.DecisionRequest) },
          responses: {
            '202': { description: 'The workflow recorded the decision', content: json(S.DecisionResponse) },
            '400': error('Invalid body, a review approved without a comment, or a bad path escape'),
            ...standardErrors,
            '403': error('The caller lacks the role (forbidden), submitted it (own_submission), or decided an earlier level (second_approval_level)'),
            '404': error('Unknown task'),
            '409': error('Already decided (already_decided), or the process has ended (workflow_closed)'),
            '500': error('The worker refused the API’s signature: DECISION_SIGNING_KEY differs between them'),
            '503': error('No worker confirmed the decision in time (decision_not_confirmed); see Retry-After'),
          },
        },
      },
      '/api/runs': {
        get: {
          summary: 'Runs of every process, newest first (the shared run register)',
          parameters: queryParameters(S.RunListQuery),
          responses: { '200': { description: 'A page of runs', content: json(S.RunPage) }, '400': error('Invalid query'), ...standardErrors },
        },
      },
      '/api/people': {
        post: {
          summary: 'Add a person to the people directory (admin)',
          description: 'Each channel needs its address: email an `email`, sms a `phone` (E.164), slack a `slackWebhookUrl`.',
          requestBody: { required: true, content: input(S.NewPerson) },
          responses: {
            '201': { description: 'Added', content: json(S.Person) },
            '400': error('Invalid body (see field)'),
            ...standardErrors,
            '409': error('The user is already in the directory'),
            '413': error('Body over 100 KB'),
          },
        },
        get: {
          summary: 'The people directory (admin)',
          parameters: queryParameters(S.Pagination),
          responses: { '200': { description: 'A page of people', content: json(S.PeoplePage) }, '400': error('Invalid query'), ...standardErrors },
        },
      },
      '/api/people/{user}': {
        get: {
          summary: 'One person (admin)',
          parameters: [{ name: 'user', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The person', content: json(S.Person) }, ...pathErrors, '404': error('No such person'), ...standardErrors },
        },
        patch: {
          summary: 'Change a person: name, roles, addresses, channels (admin); a role change takes effect at once',
          parameters: [{ name: 'user', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: input(S.PersonChange) },
          responses: {
            '200': { description: 'The person as changed', content: json(S.Person) },
            '400': error('Invalid body, or a channel left without its address (see field)'),
            ...standardErrors,
            '404': error('No such person'),
            '413': error('Body over 100 KB'),
          },
        },
      },
      '/api/notifications': {
        get: {
          summary: 'Deliveries of every message, newest first: channel, recipient, status, attempts, last error (admin)',
          parameters: queryParameters(S.NotificationListQuery),
          responses: { '200': { description: 'A page of deliveries', content: json(S.DeliveryPage) }, '400': error('Invalid query'), ...standardErrors },
        },
      },
      '/api/vendors': {
        post: {
          summary: 'Add a vendor to the vendor master (ap_clerk, admin)',
          requestBody: { required: true, content: input(S.CreateVendor) },
          responses: {
            '201': { description: 'Created', content: json(S.Vendor) },
            '400': error('Invalid body'),
            ...standardErrors,
            '409': error('Name, alias or tax id already used'),
            '413': error('Body over 100 KB'),
          },
        },
        get: {
          summary: 'List vendors (ap_clerk, admin)',
          parameters: queryParameters(S.Pagination),
          responses: { '200': { description: 'A page of vendors', content: json(S.VendorPage) }, '400': error('Invalid query'), ...standardErrors },
        },
      },
      '/api/purchase-orders': {
        post: {
          summary: 'Add a purchase order (ap_clerk, admin)',
          requestBody: { required: true, content: input(S.CreatePurchaseOrder) },
          responses: {
            '201': { description: 'Created', content: json(S.PurchaseOrder) },
            '400': error('Invalid body or unknown vendor'),
            ...standardErrors,
            '409': error('Number already used'),
            '413': error('Body over 100 KB'),
          },
        },
        get: {
          summary: 'List purchase orders (ap_clerk, admin)',
          parameters: queryParameters(S.Pagination),
          responses: {
            '200': { description: 'A page of purchase orders', content: json(S.PurchaseOrderPage) },
            '400': error('Invalid query'),
            ...standardErrors,
          },
        },
      },

      '/api/webhooks/alertmanager': {
        post: {
          summary: 'Alertmanager webhook (version 4): each alert is one event',
          description:
            'Authenticate with a bearer token of role `integration` (Alertmanager: `http_config.authorization`), or sign the body: `X-Timestamp` (Unix seconds) and `X-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with WEBHOOK_SECRET>`, within 5 minutes (a source with a secret of its own in WEBHOOK_SECRETS names itself in `X-Webhook-Source` and signs with that secret). A firing alert joins the open incident of its fingerprint or opens one; a resolved alert resolves it.',
          security: [{ bearer: [] }, {}],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                ...input(S.AlertmanagerPayloadSchema)['application/json'],
                example: {
                  version: '4',
                  groupKey: '{}:{alertname="PostgresDown"}',
                  status: 'firing',
                  receiver: 'business-processes',
                  groupLabels: { alertname: 'PostgresDown' },
                  commonLabels: { alertname: 'PostgresDown', severity: 'critical', instance: 'db-1:9187' },
                  commonAnnotations: { summary: 'Primary database down' },
                  externalURL: 'http://alertmanager:9093',
                  alerts: [
                    {
                      status: 'firing',
                      labels: { alertname: 'PostgresDown', severity: 'critical', instance: 'db-1:9187' },
                      annotations: { summary: 'Primary database down' },
                      startsAt: '2026-12-01T08:00:00Z',
                      endsAt: '0001-01-01T00:00:00Z',
                      generatorURL: 'http://prometheus:9090/graph?g0.expr=pg_up%3D%3D0',
                      fingerprint: '5f1c2a9e0b7d3c41',
                    },
                  ],
                },
              },
            },
          },
          responses: {
            '202': { description: 'Accepted: what became of each alert', content: json(S.IngestResponse) },
            '400': error('Not an Alertmanager v4 payload (invalid_request, malformed_json)'),
            ...standardErrors,
            '401': error('No valid bearer token or signature (unauthenticated, bad_signature, stale_signature, replayed_signature, unknown_source)'),
            '413': error('Body over 1 MB'),
          },
        },
      },
      '/api/events': {
        post: {
          summary: 'A generic monitoring event (shaped like PagerDuty’s Events API v2)',
          description:
            'Authentication as for the Alertmanager webhook. `trigger` opens or joins an incident; `acknowledge` and `resolve` act on the open incident of `source` + `dedupKey`.',
          security: [{ bearer: [] }, {}],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                ...input(S.GenericEventSchema)['application/json'],
                examples: {
                  trigger: {
                    summary: 'Open (or repeat) an incident',
                    value: {
                      source: 'uptime',
                      summary: 'Checkout page returns 502',
                      severity: 'high',
                      dedupKey: 'checkout-502',
                      action: 'trigger',
                      labels: { service: 'shop' },
                    },
                  },
                  resolve: { summary: 'Resolve it', value: { source: 'uptime', dedupKey: 'checkout-502', action: 'resolve' } },
                },
              },
            },
          },
          responses: {
            '202': { description: 'Accepted (or ignored, saying why)', content: json(S.IngestResponse) },
            '400': error('Invalid event'),
            ...standardErrors,
            '401': error('No valid bearer token or signature'),
            '413': error('Body over 1 MB'),
          },
        },
      },
      '/api/heartbeats/{name}': {
        post: {
          summary: 'A beat of a heartbeat (a job or monitor saying it is alive); the body may be empty',
          description:
            'Authentication as for the Alertmanager webhook. A `heartbeat` schedule raises an alert (source `heartbeat`, key = the name) when no beat came within its `maxSilence`, and resolves it when beats are back.',
          security: [{ bearer: [] }, {}],
          parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '202': { description: 'Recorded', content: json(S.HeartbeatView) },
            '400': error('A name with other characters than letters, digits and . _ -'),
            ...standardErrors,
            '401': error('No valid bearer token or signature'),
          },
        },
      },
      '/api/schedules': {
        get: {
          summary: 'Schedules (admin), each with its next run times and recent actions, and the processes that can be scheduled',
          responses: { '200': { description: 'The schedules', content: json(S.ScheduleList) }, ...standardErrors },
        },
        post: {
          summary: 'Create a schedule (admin): a Temporal Schedule that starts a process by cron lines or an interval',
          description: 'The input is checked against the process’s start schema now, not when the schedule fires.',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                ...input(S.NewScheduleSchema)['application/json'],
                examples: {
                  heartbeat: {
                    summary: 'Page when the nightly backup stops beating',
                    value: {
                      id: 'backup-heartbeat',
                      process: 'heartbeat',
                      spec: { interval: { every: '5m' } },
                      input: { name: 'nightly-backup', maxSilence: '26h' },
                    },
                  },
                  digest: {
                    summary: 'A digest of pending tasks at 08:00 on weekdays, Berlin time',
                    value: { id: 'morning-digest', process: 'digest', spec: { cron: ['0 8 * * 1-5'], timezone: 'Europe/Berlin' }, input: {} },
                  },
                },
              },
            },
          },
          responses: {
            '201': { description: 'Created', content: json(S.ScheduleView) },
            '400': error('Invalid schedule, process or input (see field), or a spec Temporal refuses (invalid_schedule)'),
            ...standardErrors,
            '409': error('A schedule with this id exists'),
          },
        },
      },
      '/api/schedules/{id}': {
        get: {
          summary: 'One schedule (admin)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The schedule', content: json(S.ScheduleView) },
            ...pathErrors,
            ...standardErrors,
            '404': error('No such schedule'),
          },
        },
        patch: {
          summary: 'Pause or unpause (with a note), or change the spec, input or overlap policy (admin)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: input(S.ScheduleChange) },
          responses: {
            '200': { description: 'The schedule now', content: json(S.ScheduleView) },
            '400': error('Invalid change (see field)'),
            ...standardErrors,
            '404': error('No such schedule'),
          },
        },
        delete: {
          summary: 'Delete a schedule (admin); runs it started go on',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'Deleted' }, ...pathErrors, ...standardErrors, '404': error('No such schedule') },
        },
      },
      '/api/schedules/{id}/trigger': {
        post: {
          summary: 'Run a schedule’s action now (admin)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: false, content: input(S.ScheduleTrigger) },
          responses: {
            '202': { description: 'Triggered', content: json(S.ScheduleActionResponse) },
            '400': error('Invalid overlap'),
            ...standardErrors,
            '404': error('No such schedule'),
          },
        },
      },
      '/api/schedules/{id}/backfill': {
        post: {
          summary: 'Take the actions the schedule would have taken between two times (admin)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: input(S.ScheduleBackfill) },
          responses: {
            '202': { description: 'Backfilling', content: json(S.ScheduleActionResponse) },
            '400': error('Invalid times'),
            ...standardErrors,
            '404': error('No such schedule'),
          },
        },
      },
      '/api/me': {
        get: {
          summary: 'Who the caller is: user, name and roles (any role)',
          responses: { '200': { description: 'The caller', content: json(S.Me) }, ...standardErrors },
        },
      },
      '/api/runs/counts': {
        get: {
          summary: 'How many runs each process has in each status (any role)',
          responses: { '200': { description: 'Counts', content: json(S.RunCounts) }, ...standardErrors },
        },
      },
      '/api/tasks/{taskId}/context': {
        get: {
          summary: 'What a person needs to decide a task: the task, its run’s status, and what the process adds (an invoice’s document text)',
          parameters: [{ name: 'taskId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The context', content: json(S.TaskContext) }, ...pathErrors, '404': error('Unknown task'), ...standardErrors },
        },
      },
      '/api/alerts': {
        get: {
          summary: 'Alert incidents, newest first',
          parameters: queryParameters(S.AlertListQuery),
          responses: { '200': { description: 'A page of incidents', content: json(S.AlertPage) }, '400': error('Invalid query'), ...standardErrors },
        },
      },
      '/api/alerts/{id}': {
        get: {
          summary: 'One incident: events, occurrences, triage, route, pages and their delivery, acknowledgement, resolution, timeline',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The incident', content: json(S.AlertDetail) },
            ...pathErrors,
            '404': error('No such incident'),
            ...standardErrors,
          },
        },
      },
      '/api/alerts/{id}/acknowledge': {
        post: {
          summary: 'Acknowledge an incident being paged (roles paged so far, or admin): stops the escalation',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: false, content: input(S.AlertActionRequest) },
          responses: {
            '202': { description: 'Acknowledged', content: json(S.AlertActionResponse) },
            ...pathErrors,
            ...standardErrors,
            '404': error('No such incident'),
            '409': error('Already acknowledged or resolved, suppressed, or not being paged yet'),
            '503': error('No worker confirmed it in time (decision_not_confirmed)'),
          },
        },
      },
      '/api/alerts/{id}/resolve': {
        post: {
          summary: 'Resolve an incident (oncall, oncall_lead, integration, admin); everyone paged is told',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: false, content: input(S.AlertActionRequest) },
          responses: {
            '202': { description: 'Resolved', content: json(S.AlertActionResponse) },
            ...pathErrors,
            ...standardErrors,
            '404': error('No such incident'),
            '409': error('Already resolved (already_resolved), or the incident has ended (workflow_closed)'),
            '503': error('No worker confirmed it in time (decision_not_confirmed)'),
          },
        },
      },
      '/api/alerts/{id}/unsuppress': {
        post: {
          summary: 'Lift the suppression of an incident triage called noise (admin): it is routed and paged',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: false, content: input(S.AlertActionRequest) },
          responses: {
            '202': { description: 'Lifted', content: json(S.AlertActionResponse) },
            ...pathErrors,
            ...standardErrors,
            '404': error('No such incident'),
            '409': error('Not suppressed (not_suppressed), or ended (workflow_closed)'),
            '503': error('No worker confirmed it in time (decision_not_confirmed)'),
          },
        },
      },
      '/api/leads': {
        post: {
          summary: 'Submit a lead (sales, sales_manager, integration, admin): enriched, scored, routed',
          description:
            'The lead joins the run going for its normalised email, or starts one. An `Idempotency-Key` header makes a repeat by the same caller return the first submission (200) without counting again.',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                ...input(S.LeadInputSchema)['application/json'],
                example: {
                  email: 'jane.doe@acme-robotics.io',
                  name: 'Jane Doe',
                  title: 'VP Engineering',
                  country: 'DE',
                  source: 'demo_request',
                  message: 'Could we see a demo?',
                },
              },
            },
          },
          responses: {
            '202': { description: 'Accepted: the lead’s run', content: json(S.LeadSubmitted) },
            '200': { description: 'Repeat of an earlier submission with the same Idempotency-Key', content: json(S.LeadSubmitted) },
            '400': error('Invalid lead (see field)'),
            ...standardErrors,
          },
        },
        get: {
          summary:
            'Leads (the CRM records), newest first, by owner, grade and status (sales_manager and admin: everyone’s; sales: their own, and 403 for another owner)',
          parameters: queryParameters(S.LeadListQuery),
          responses: { '200': { description: 'A page of leads', content: json(S.LeadPage) }, '400': error('Invalid query'), ...standardErrors },
        },
      },
      '/api/leads/{id}': {
        get: {
          summary:
            'One lead: enrichment with provenance, the waterfall, scores, grade and explanation, owner, outreach, timeline (a salesperson: a lead they own or submitted)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'The normalised email' }],
          responses: {
            '200': { description: 'The lead', content: json(S.LeadDetail) },
            ...pathErrors,
            '404': error('No such lead, or none the caller may see'),
            ...standardErrors,
          },
        },
      },
      '/api/leads/{id}/reroute': {
        post: {
          summary: 'Route a nurtured, archived or discarded lead to sales (admin): an owner and an outreach task, keeping the enrichment and scores',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: false, content: input(S.LeadRerouteRequest) },
          responses: {
            '202': { description: 'Routed: a new run of the lead', content: json(S.LeadSubmitted) },
            '400': error('Invalid owner, or a malformed path'),
            '404': error('No such lead'),
            '409': error('The lead is not nurtured, archived or discarded (not_reroutable)'),
            ...standardErrors,
          },
        },
      },
      '/api/lead-lists': {
        post: {
          summary:
            'Submit a list of up to 10,000 leads as text/csv (a header row; columns named like the lead fields, any order; others kept as attributes) or a JSON array',
          description: 'Every refused row is reported with its line and reason; the accepted rows start one lead each, LEADS_CONCURRENCY at a time.',
          requestBody: {
            required: true,
            content: {
              'text/csv': {
                schema: { type: 'string' },
                example: 'email,name,company,title,country,source\njane@acme-robotics.io,Jane Doe,Acme Robotics,CTO,DE,trade_show\n',
              },
              ...input(z.array(S.LeadInputSchema)),
            },
          },
          responses: {
            '202': { description: 'The list and its refused rows', content: json(S.LeadListSubmitted) },
            '400': error('Not a readable list, no email column, or no valid row'),
            '413': error('More than 10,000 rows (too_many_rows), or a body over 20 MB'),
            '415': error('Neither text/csv nor application/json'),
            ...standardErrors,
          },
        },
      },
      '/api/lead-lists/{id}': {
        get: {
          summary: 'A list’s progress: counts per state of its rows’ leads, and its refused rows (a salesperson: a list they sent)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The list', content: json(S.LeadListView) },
            ...pathErrors,
            '404': error('No such list, or none the caller may see'),
            ...standardErrors,
          },
        },
      },
      '/api/lead-lists/{id}/results.csv': {
        get: {
          summary:
            'A list’s enriched, scored rows as CSV (line, email, status, grade, scores, owner, every enrichment field, its sources, the row’s own columns)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The results', content: { 'text/csv': { schema: { type: 'string' } } } },
            ...pathErrors,
            '404': error('No such list, or none the caller may see'),
            ...standardErrors,
          },
        },
      },
      '/api/webhooks/leads': {
        post: {
          summary: 'A web form’s lead, signed like every webhook (HMAC with X-Timestamp and X-Signature, or a bearer token of role integration)',
          security: [{ bearer: [] }, {}],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                ...input(S.LeadInputSchema)['application/json'],
                example: { email: 'max@example-shop.de', name: 'Max Muster', message: 'Pricing for 50 users?' },
              },
            },
          },
          responses: {
            '202': { description: 'Accepted', content: json(S.LeadSubmitted) },
            '200': { description: 'Repeat with the same Idempotency-Key', content: json(S.LeadSubmitted) },
            '400': error('Invalid lead, or a body that is not JSON'),
            '401': error('No valid token or signature, a stale timestamp, or a replay'),
            '403': error('The token’s user lacks the integration role'),
            '413': error('Body over 100 kB'),
            '429': error('Too many failed authentications'),
          },
        },
      },
      '/api/companies': {
        get: {
          summary: 'The company directory (the embedded enrichment provider)',
          parameters: queryParameters(S.Pagination),
          responses: { '200': { description: 'A page of companies', content: json(S.CompanyPage) }, '400': error('Invalid query'), ...standardErrors },
        },
        post: {
          summary: 'Add or update a company (JSON), or import many (text/csv with domain,name,industry,employees,country) (sales_manager, admin)',
          requestBody: { required: true, content: { ...input(S.CompanyInput), 'text/csv': { schema: { type: 'string' } } } },
          responses: {
            '201': { description: 'The company', content: json(S.Company) },
            '200': { description: 'The import: how many rows, and the refused ones', content: json(S.CompaniesImported) },
            '400': error('Invalid company or CSV'),
            ...standardErrors,
          },
        },
      },
      '/api/lead-icp': {
        get: {
          summary: 'The ideal customer profile scoring uses (admin)',
          responses: { '200': { description: 'The profile', content: json(S.SettingView(S.IdealCustomerProfileSchema)) }, ...standardErrors },
        },
        put: {
          summary: 'Set the ideal customer profile (admin)',
          requestBody: { required: true, content: input(S.IdealCustomerProfileSchema) },
          responses: {
            '200': { description: 'The profile now', content: json(S.SettingView(S.IdealCustomerProfileSchema)) },
            '400': error('Invalid profile'),
            ...standardErrors,
          },
        },
      },
      '/api/lead-routing': {
        get: {
          summary: 'Sales territories: countries and the salespeople taking turns (admin)',
          responses: { '200': { description: 'The territories', content: json(S.SettingView(S.LeadRoutingSchema)) }, ...standardErrors },
        },
        put: {
          summary: 'Set the territories (admin); every owner must hold the sales role',
          requestBody: { required: true, content: input(S.LeadRoutingSchema) },
          responses: {
            '200': { description: 'The territories now', content: json(S.SettingView(S.LeadRoutingSchema)) },
            '400': error('Invalid territories'),
            ...standardErrors,
          },
        },
      },
      '/api/enrichment/usage': {
        get: {
          summary: 'Calls, matches, cache hits, errors and cool-downs per provider (sales_manager, admin)',
          responses: { '200': { description: 'Usage', content: json(S.EnrichmentUsage) }, ...standardErrors },
        },
      },
      '/api/content': {
        post: {
          summary: 'Submit a content brief: drafted, checked by the quality gates, reviewed by an editor, published at its time',
          description:
            'Roles: editor, managing_editor, integration, admin. An `Idempotency-Key` header makes a repeat return the first piece (200). The submitter may not review their own piece.',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                ...input(S.ContentBriefSchema)['application/json'],
                example: {
                  title: 'Faster month-end close for finance teams',
                  topic: 'How finance teams can automate invoice approvals and close the books faster.',
                  audience: 'Finance teams at mid-sized companies',
                  platforms: ['blog', 'linkedin', 'x', 'newsletter'],
                  keywords: ['invoice automation', 'approval workflow'],
                  links: ['https://example.com/guide'],
                  wordCount: 600,
                },
              },
            },
          },
          responses: {
            '202': { description: 'Accepted: the piece’s run', content: json(S.ContentSubmitted) },
            '200': { description: 'Repeat of an earlier submission with the same Idempotency-Key', content: json(S.ContentSubmitted) },
            '400': error('Invalid brief (see field), or a bad Idempotency-Key'),
            ...standardErrors,
          },
        },
        get: {
          summary: 'Pieces, newest first, by status (editor, managing_editor, admin)',
          parameters: queryParameters(S.ContentListQuery),
          responses: { '200': { description: 'A page of pieces', content: json(S.ContentPage) }, '400': error('Invalid query'), ...standardErrors },
        },
      },
      '/api/content/{id}': {
        get: {
          summary: 'One piece: its brief, every version with its findings, formats and the diff from the one before, the reviews, the publication',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The piece', content: json(S.ContentDetail) }, ...pathErrors, '404': error('No such piece'), ...standardErrors },
        },
      },
      '/api/content/{id}/published': {
        get: {
          summary: 'What was published, per platform (the project’s own store, or where the CMS put it)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The publications (none before the piece is published)', content: json(S.ContentPublished) },
            ...pathErrors,
            '404': error('No such piece'),
            ...standardErrors,
          },
        },
      },
      '/api/content/{id}/cancel-publication': {
        post: {
          summary: 'Cancel a scheduled publication before its time (editor, managing_editor, admin)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: false, content: input(S.ContentCancelRequest) },
          responses: {
            '200': { description: 'Cancelled: the piece as it is now', content: json(S.ContentDetail) },
            ...pathErrors,
            '404': error('No such piece'),
            '409': error('Nothing is scheduled (not yet approved, already published or cancelled)'),
            ...standardErrors,
            '503': error('The workflow did not confirm in time; it may still take effect'),
          },
        },
      },
      '/api/content-style': {
        get: {
          summary: 'The house style the gates apply: `ban` and `prefer X over Y` rules (editor, managing_editor, admin)',
          responses: { '200': { description: 'The style', content: json(S.SettingView(S.ContentStyleSchema)) }, ...standardErrors },
        },
        put: {
          summary: 'Set the house style (managing_editor, admin)',
          requestBody: { required: true, content: input(S.ContentStyleSchema) },
          responses: {
            '200': { description: 'The style now', content: json(S.SettingView(S.ContentStyleSchema)) },
            '400': error('Invalid style'),
            ...standardErrors,
          },
        },
      },
      '/api/alert-routes': {
        get: {
          summary: 'The alert routing rules and noise settings (admin)',
          responses: { '200': { description: 'The rules in force', content: json(S.AlertRoutingView) }, ...standardErrors },
        },
        put: {
          summary: 'Replace the alert routing rules and noise settings (admin); the first matching route wins',
          requestBody: { required: true, content: input(S.AlertRoutingSchema) },
          responses: {
            '200': { description: 'The rules now in force', content: json(S.AlertRoutingView) },
            '400': error('Invalid rules'),
            ...standardErrors,
            '413': error('Body over 100 KB'),
          },
        },
      },
    },
  };
}
