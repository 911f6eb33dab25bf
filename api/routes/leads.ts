/**
 * The lead process's API: leads in (one at a time, a signed web-form webhook, lists of thousands as
 * CSV or JSON), the CRM records out, the lists' progress and results, the company directory, the
 * ideal customer profile, the territories, and the providers' usage.
 */
import { randomUUID } from 'node:crypto';
import express, { Router, type Request } from 'express';
import type { z } from 'zod';
import { LEAD_ICP_KEY, LEAD_ROUTING_KEY, leadIcp, leadRouting } from '../../activities/leads/activities.js';
import { csvRecords, readCsvList, readJsonList, submitLeadList } from '../../activities/leads/lists.js';
import { leadSettings, submitLead } from '../../activities/leads/submit.js';
import { startProcess } from '../../activities/runs/start-process.js';
import { getCompany, listCompanies, upsertCompanies } from '../../db/leads/directory.js';
import { providerUsage } from '../../db/leads/enrichment.js';
import { getLeadRecord, hasSubmitted, listLeads } from '../../db/leads/leads.js';
import { getLeadList, leadListCounts, leadListResults } from '../../db/leads/lists.js';
import { allPeople } from '../../db/people.js';
import { putSetting } from '../../db/settings.js';
import { ENRICHMENT_FIELDS } from '../../domain/leads/enrichment.js';
import { LeadInput, leadListWorkflowId, leadWorkflowId, normaliseEmail, normaliseLead } from '../../domain/leads/lead.js';
import { leadStatusQuery } from '../../domain/leads/messages.js';
import { IdealCustomerProfile } from '../../domain/leads/scoring.js';
import { LeadRouting } from '../../domain/leads/routing.js';
import type { leadWorkflow } from '../../workflows/lead.js';
import { callerOf, requireRole, type Caller } from '../auth.js';
import { temporalUiLink, type ApiDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { CompanyInput, LeadListQuery, LeadRerouteRequest } from '../schemas.js';
import { idempotencyKey } from '../idempotency.js';
import { liveOrRecorded } from '../live-read.js';
import { parseOr400 } from '../validate.js';
import { configuredWebhookAuth } from '../webhook-auth.js';

/** A list of 10,000 rows with long messages fits. */
const LIST_LIMIT = '20mb';

/** Who sends leads: sales, marketing operations through integrations, admins. */
const SUBMITTERS = ['sales', 'sales_manager', 'integration'] as const;
/** Who reads leads and lists. */
const READERS = ['sales', 'sales_manager'] as const;

/**
 * Sales managers (and admins) see every lead and list; a salesperson sees the leads they own or
 * submitted, and the lists they sent. Anything else is answered as not found: a salesperson learns
 * nothing of a colleague's leads.
 */
function seesAllLeads(caller: Caller): boolean {
  return caller.roles.includes('sales_manager') || caller.roles.includes('admin');
}

const leadLinks = (deps: ApiDeps, id: string) => ({
  self: `/api/leads/${encodeURIComponent(id)}`,
  temporalUi: temporalUiLink(deps.config, leadWorkflowId(id)),
});
const listLinks = (deps: ApiDeps, id: string) => ({
  self: `/api/lead-lists/${id}`,
  results: `/api/lead-lists/${id}/results.csv`,
  temporalUi: temporalUiLink(deps.config, leadListWorkflowId(id)),
});

/** A CSV cell: quoted when it must be, and never read as a formula by a spreadsheet. */
function csvCell(value: unknown): string {
  let text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Submit one lead from a request body. */
async function submitOne(deps: ApiDeps, req: Request, body: unknown) {
  const caller = callerOf(req);
  const lead = parseOr400(LeadInput, body);
  const result = await submitLead(deps, { lead, submittedBy: caller.user, idempotencyKey: idempotencyKey(req, caller.user) });
  deps.logger.info(
    { lead: result.id, workflowId: result.workflowId },
    result.created ? 'lead submitted' : 'lead submitted again with the same Idempotency-Key',
  );
  return { ...result, links: leadLinks(deps, result.id) };
}

/** The web-form webhook: its own authentication (bearer of role integration, or the HMAC signature), mounted before the API's. */
export function leadWebhookRoutes(deps: ApiDeps): Router {
  const router = Router();
  const auth = configuredWebhookAuth(deps, '100kb');
  router.post('/webhooks/leads', ...auth, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const result = await submitOne(deps, req, { source: 'web_form', ...body });
    res.status(result.created ? 202 : 200).json(result);
  });
  return router;
}

/** The lead routes (behind the API's bearer authentication). */
export function leadRoutes(deps: ApiDeps): Router {
  const { db, client, config } = deps;
  const router = Router();

  router.post('/leads', requireRole(...SUBMITTERS), express.json({ limit: '100kb' }), async (req, res) => {
    const result = await submitOne(deps, req, req.body);
    res.status(result.created ? 202 : 200).json(result);
  });

  router.get('/leads', requireRole(...READERS), async (req, res) => {
    const caller = callerOf(req);
    const query = parseOr400(LeadListQuery, req.query, 'query');
    if (!seesAllLeads(caller)) {
      if (query.owner && query.owner !== caller.user)
        throw new HttpError(403, 'forbidden', 'A salesperson lists the leads they own; sales managers list everyone’s.', 'owner');
      query.owner = caller.user;
    }
    const page = await listLeads(db, query);
    res.json({ ...page, items: page.items.map((l) => ({ ...l, links: leadLinks(deps, l.id) })) });
  });

  router.get('/leads/:id', requireRole(...READERS), async (req, res) => {
    const id = normaliseEmail(String(req.params.id));
    const record = await getLeadRecord(db, id);
    const caller = callerOf(req);
    const visible = record && (seesAllLeads(caller) || record.state.details.owner === caller.user || (await hasSubmitted(db, id, caller.user)));
    if (!visible) throw new HttpError(404, 'not_found', `No lead ${id}${record ? ' among yours' : ''}.`, 'id');
    const read = await liveOrRecorded(deps, record, () => client.workflow.getHandle(record.workflowId, record.runId).query(leadStatusQuery), `lead ${id}`);
    res.json({ ...read.state, readFrom: read.readFrom, ...(read.asOf && { asOf: read.asOf }), links: leadLinks(deps, id) });
  });

  // An admin sends a nurtured or archived lead to sales: a new run routes it, keeping what the last one found.
  router.post('/leads/:id/reroute', requireRole(), express.json(), async (req, res) => {
    const caller = callerOf(req);
    const body = parseOr400(LeadRerouteRequest, req.body ?? {});
    const id = normaliseEmail(String(req.params.id));
    const record = await getLeadRecord(db, id);
    if (!record) throw new HttpError(404, 'not_found', `No lead ${id}.`, 'id');
    if (!['nurture', 'archived', 'discarded'].includes(record.state.status)) {
      throw new HttpError(409, 'not_reroutable', `The lead is ${record.state.status}; only nurtured, archived or discarded leads are routed again.`);
    }
    if (body.owner) {
      const person = (await allPeople(db)).find((p) => p.user === body.owner);
      if (!person?.roles.includes('sales')) throw new HttpError(400, 'invalid_request', `owner: ${body.owner} does not hold the sales role.`, 'owner');
    }
    const lead = normaliseLead(record.state.details.lead);
    await startProcess(deps, {
      process: 'lead',
      id,
      workflowId: record.workflowId,
      workflowType: 'leadWorkflow' satisfies (typeof leadWorkflow)['name'],
      taskQueue: config.temporal.taskQueue,
      args: [
        {
          lead,
          settings: leadSettings(config),
          reroute: { by: caller.user, at: new Date().toISOString(), owner: body.owner ?? null, carried: record.state.details },
        },
      ],
      initialStatus: 'routing',
      submittedBy: caller.user,
      subject: `Lead ${id}`,
      summary: `Lead ${id} routed to sales by ${caller.user}`,
      reuseFinished: true,
    });
    res.status(202).json({ id, workflowId: record.workflowId, created: true, links: leadLinks(deps, id) });
  });

  router.post(
    '/lead-lists',
    requireRole(...SUBMITTERS),
    express.text({ type: ['text/csv', 'application/csv'], limit: LIST_LIMIT }),
    express.json({ limit: LIST_LIMIT }),
    async (req, res) => {
      const caller = callerOf(req);
      const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      let read;
      if (type === 'text/csv' || type === 'application/csv') read = readCsvList(typeof req.body === 'string' ? req.body : '');
      else if (type === 'application/json') read = readJsonList(req.body);
      else throw new HttpError(415, 'unsupported_media_type', 'Send the list as text/csv (a header row) or as a JSON array of leads.', 'Content-Type');
      if (read.accepted.length === 0)
        throw new HttpError(
          400,
          'no_valid_rows',
          `No row of the list is a valid lead: ${read.rejected
            .slice(0, 5)
            .map((r) => `line ${r.line}: ${r.reason}`)
            .join('; ')}`,
          'body',
        );
      const id = randomUUID();
      await submitLeadList(deps, { ...read, id, submittedBy: caller.user });
      deps.logger.info({ list: id, accepted: read.accepted.length, rejected: read.rejected.length }, 'lead list submitted');
      res.status(202).json({
        id,
        workflowId: leadListWorkflowId(id),
        rows: read.accepted.length + read.rejected.length,
        accepted: read.accepted.length,
        rejected: read.rejected,
        links: listLinks(deps, id),
      });
    },
  );

  const leadList = async (req: Request) => {
    const id = String(req.params.id);
    const list = await getLeadList(db, id);
    const caller = callerOf(req);
    if (!list || !(seesAllLeads(caller) || list.submittedBy === caller.user))
      throw new HttpError(404, 'not_found', `No lead list ${id}${list ? ' among yours' : ''}.`, 'id');
    return list;
  };

  router.get('/lead-lists/:id', requireRole(...READERS), async (req, res) => {
    const list = await leadList(req);
    res.json({
      id: list.id,
      workflowId: list.workflowId,
      status: list.status,
      origin: list.origin,
      submittedBy: list.submittedBy,
      rows: list.totalRows,
      rejected: list.rejected,
      counts: await leadListCounts(db, list),
      createdAt: list.createdAt,
      updatedAt: list.updatedAt,
      links: listLinks(deps, list.id),
    });
  });

  router.get('/lead-lists/:id/results.csv', requireRole(...READERS), async (req, res) => {
    const list = await leadList(req);
    const rows = await leadListResults(db, list.id);
    const attributes = [...new Set(rows.flatMap((r) => Object.keys(r.lead.attributes ?? {})))];
    const header = ['line', 'email', 'status', 'grade', 'fit', 'engagement', 'owner', ...ENRICHMENT_FIELDS, 'sources', 'duplicate_of', ...attributes];
    const lines = [header.map(csvCell).join(',')];
    for (const r of rows) {
      // A lead recorded before this list began is not this list's result yet.
      const state = r.state && r.state.updatedAt >= list.createdAt ? r.state : null;
      const e = state?.details.enrichment ?? {};
      const sources = [...new Set(Object.values(e).map((v) => v?.provider))].join(' ');
      lines.push(
        [
          r.line,
          normaliseEmail(r.lead.email),
          state?.status ?? 'pending',
          state?.details.score?.grade,
          state?.details.score?.fit,
          state?.details.score?.engagement,
          state?.details.owner,
          ...ENRICHMENT_FIELDS.map((f) => e[f]?.value ?? (f === 'name' || f === 'title' || f === 'company' || f === 'country' ? r.lead[f] : undefined)),
          sources,
          r.duplicateOf,
          ...attributes.map((a) => r.lead.attributes?.[a]),
        ]
          .map(csvCell)
          .join(','),
      );
    }
    res
      .type('text/csv')
      .attachment(`lead-list-${list.id}.csv`)
      .send(`${lines.join('\r\n')}\r\n`);
  });

  router.get('/companies', requireRole(...READERS), async (req, res) => {
    const query = parseOr400(LeadListQuery.pick({ limit: true, offset: true }), req.query, 'query');
    res.json(await listCompanies(db, query));
  });

  // One company as JSON, or many as a CSV (domain,name,industry,employees,country).
  router.post('/companies', requireRole('sales_manager'), express.text({ type: ['text/csv'], limit: LIST_LIMIT }), express.json(), async (req, res) => {
    const caller = callerOf(req);
    if (typeof req.body === 'string') {
      const read = readCompanies(req.body);
      await upsertCompanies(db, read.companies, caller.user);
      res.status(200).json({ imported: read.companies.length, rejected: read.rejected });
      return;
    }
    const company = parseOr400(CompanyInput, req.body);
    await upsertCompanies(db, [company], caller.user);
    res.status(201).json(await getCompany(db, company.domain));
  });

  router.get('/lead-icp', requireRole(), async (_req, res) => {
    res.json(await leadIcp(deps));
  });
  router.put('/lead-icp', requireRole(), express.json(), async (req, res) => {
    const icp = parseOr400(IdealCustomerProfile, req.body);
    await putSetting(db, LEAD_ICP_KEY, icp, callerOf(req).user);
    res.json(await leadIcp(deps));
  });

  router.get('/lead-routing', requireRole(), async (_req, res) => {
    res.json(await leadRouting(deps));
  });
  router.put('/lead-routing', requireRole(), express.json(), async (req, res) => {
    const routing = parseOr400(LeadRouting, req.body);
    const sales = new Set((await allPeople(db)).filter((p) => p.roles.includes('sales')).map((p) => p.user));
    routing.territories.forEach((t, i) =>
      t.owners.forEach((o, j) => {
        if (!sales.has(o))
          throw new HttpError(400, 'invalid_request', `territories.${i}.owners.${j}: ${o} does not hold the sales role.`, `territories.${i}.owners.${j}`);
      }),
    );
    await putSetting(db, LEAD_ROUTING_KEY, routing, callerOf(req).user);
    res.json(await leadRouting(deps));
  });

  router.get('/enrichment/usage', requireRole('sales_manager'), async (_req, res) => {
    res.json({ providers: await providerUsage(db), order: config.leads.providers });
  });

  return router;
}

/** Companies from a CSV (a header row: domain, name, industry, employees, country), each row checked on its own. */
function readCompanies(text: string) {
  const { records, lineOf } = csvRecords(text);
  const companies: z.infer<typeof CompanyInput>[] = [];
  const rejected: { line: number; reason: string }[] = [];
  records.forEach((record, i) => {
    const row = Object.fromEntries(Object.entries(record).map(([k, v]) => [k.trim().toLowerCase(), v === '' ? null : v]));
    const parsed = CompanyInput.safeParse(row);
    if (parsed.success) companies.push(parsed.data);
    else rejected.push({ line: lineOf(i), reason: `${parsed.error.issues[0]!.path.join('.') || 'row'}: ${parsed.error.issues[0]!.message}` });
  });
  return { companies, rejected };
}
