/**
 * A 2,000-row lead list on the real dev server with the embedded providers (the company directory,
 * imported as CSV, and the heuristics): bad rows reported with their lines, every accepted row
 * enriched, scored and routed, progress counts per state, the results CSV, and a small history
 * (the list continues as new).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiClient } from '../helpers/api.js';
import { eventually } from '../helpers/runs.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

let stack: TestStack;
let call: ReturnType<typeof apiClient>;

before(async () => {
  stack = await startTestStack({ api: true, env: { ENRICHMENT_PROVIDERS: 'directory,heuristics', LEADS_CONCURRENCY: '20' } });
  call = apiClient(stack.api!.url);
});

after(async () => {
  await stack?.stop();
  await stopOwnTemporal();
});

/** Good rows (half at a company that fits, half at one that does not), then bad ones, then one repeat. */
const GOOD = 1989;
const BAD = 10;

test(
  'a 2,000-row CSV list completes with the right counts and a downloadable result; bad rows are reported; its history stays small',
  { timeout: 480_000 },
  async () => {
    const companies = [
      'domain,name,industry,employees,country',
      'fit-software.de,Fit Software,Software,400,DE',
      'big-retail.com,Big Retail,Retail,90000,BR',
      'bad row,,,,',
    ].join('\n');
    const imported = await call('POST', '/api/companies', { token: 'dev-sales-manager', body: companies, type: 'text/csv' });
    assert.equal(imported.status, 200, JSON.stringify(imported.data));
    assert.equal(imported.data.imported, 2);
    assert.deepEqual(
      imported.data.rejected.map((r: any) => r.line),
      [4],
    );

    const rows = ['title,email,source,Region'];
    for (let i = 0; i < GOOD; i++)
      rows.push(i % 2 ? `Engineer,person${i}@big-retail.com,trade_show,south` : `Director of Engineering,person${i}@fit-software.de,list,north`);
    for (let i = 0; i < BAD; i++) rows.push(`CTO,broken-${i},list,north`);
    rows.push('Director of Engineering,PERSON0@fit-software.de,list,north');
    const list = await call('POST', '/api/lead-lists', { token: 'dev-sales', body: `${rows.join('\n')}\n`, type: 'text/csv' });
    assert.equal(list.status, 202, JSON.stringify(list.data).slice(0, 500));
    assert.equal(list.data.rows, GOOD + BAD + 1);
    assert.equal(list.data.accepted, GOOD + 1);
    assert.deepEqual(
      list.data.rejected.map((r: any) => r.line),
      Array.from({ length: BAD }, (_, i) => GOOD + 2 + i),
    );
    assert.match(list.data.rejected[0].reason, /^email: /);

    let progress: any;
    await eventually(async () => {
      progress = (await call('GET', `/api/lead-lists/${list.data.id}`, { token: 'dev-sales' })).data;
      assert.equal(progress.status, 'completed', JSON.stringify(progress.counts));
    }, 450_000);
    const runs = await call('GET', '/api/runs?process=lead-list', { token: 'dev-admin' });
    assert.equal(runs.data.items.find((r: any) => r.id === list.data.id)?.status, 'completed', 'the run register shows the list as done');
    const c = progress.counts;
    assert.equal(c.duplicates, 1, 'the repeated person is one lead');
    assert.equal(c.pending, 0);
    // Fit Software's directors are A (to sales, waiting for their owner), Big Retail's engineers C.
    assert.equal(c.awaiting_outreach, Math.ceil(GOOD / 2), JSON.stringify(c));
    assert.equal(c.archived, Math.floor(GOOD / 2), JSON.stringify(c));

    const csv = await fetch(`${stack.api!.url}${list.data.links.results}`, { headers: { authorization: 'Bearer dev-sales' } });
    assert.equal(csv.status, 200);
    const lines = (await csv.text()).trim().split('\r\n');
    assert.equal(lines.length, 1 + GOOD + 1);
    assert.match(lines[0]!, /^line,email,status,grade,fit,engagement,owner,/);
    assert.ok(lines[0]!.endsWith(',Region'), 'the list’s own columns come back');
    const first = lines[1]!.split(',');
    assert.equal(first[1], 'person0@fit-software.de');
    assert.match(first[3]!, /^A/);
    assert.ok(lines.some((l) => l.startsWith('3,person1@big-retail.com,archived,C')));

    // The list continued as new every 400 leads: no run's history holds them all.
    const handle = stack.client.workflow.getHandle(list.data.workflowId);
    const state = await handle.query<{ details: { continuedRuns: number; started: number } }>('status');
    assert.equal(state.details.continuedRuns, Math.floor((GOOD + 1) / 400), JSON.stringify(state.details));
    // A run holds its 400 leads' starts and answers, so a 10,000-row list is 25 runs of this size.
    let runIds: string[] = [];
    await eventually(async () => {
      runIds = [];
      for await (const run of stack.client.workflow.list({ query: `WorkflowId = '${list.data.workflowId}'` })) runIds.push(run.runId);
      assert.equal(runIds.length, state.details.continuedRuns + 1, 'every run of the list is visible');
    }, 30_000);
    for (const runId of runIds) {
      const events = (await stack.client.workflow.getHandle(list.data.workflowId, runId).fetchHistory()).events?.length ?? 0;
      assert.ok(events < 2500, `${events} events in run ${runId}`);
    }
    assert.equal(state.details.started, GOOD, 'the repeated person is started once');
  },
);
