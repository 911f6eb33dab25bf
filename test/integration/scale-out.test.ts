/**
 * Scale-out on PostgreSQL: two worker processes and two API processes share one PostgreSQL and one
 * Temporal. 200 invoices and 200 alert events are submitted across both APIs while both workers are
 * killed (kill -9) and restarted, one after the other. Every run completes, and every ledger entry,
 * page and e-mail exists exactly once.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { freePort } from '../../config/net.js';
import { createVendor } from '../../db/vendors.js';
import { apiClient } from '../helpers/api.js';
import { invoiceText } from '../helpers/invoices.js';
import { databaseEnv, stopOwnPostgres } from '../helpers/postgres.js';
import { spawnReady, type ReadyChild } from '../helpers/processes.js';
import { eventually } from '../helpers/runs.js';
import { slack, startFakeHttp, startFakeSmtp } from '../helpers/fake-channels.js';
import { startTestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

after(async () => {
  await stopOwnTemporal();
  await stopOwnPostgres();
});

const INVOICES = 200;
const ALERTS = 200;

test('two workers and two APIs on one PostgreSQL: 200 invoices and 200 alerts, both workers killed once, everything exactly once', async () => {
  const slackServer = await startFakeHttp(() => slack.ok());
  const smtp = await startFakeSmtp();
  const stack = await startTestStack({ worker: false, database: 'postgres' });
  const env = {
    INVOICE_TASK_QUEUE: stack.config.temporal.taskQueue,
    ...databaseEnv(stack.config.database),
    SMTP_URL: smtp.url,
    SMTP_IN_ENABLED: 'false',
    RELAY_INTERVAL: '200ms',
    // Pages wait until both workers have been killed and restarted: the kills hit workflows and
    // their steps, not a message on its way to Slack or the mail server (the relay's own cut-off
    // handling is tested in notifications.test.ts).
    ALERT_PAUSE_FOR: '30s',
    ALERT_ACK_TIMEOUT: '1h',
  };
  const children: ReadyChild[] = [];
  const worker = async () => {
    const w = await spawnReady('workers/main.ts', env, '"msg":"worker started"');
    children.push(w);
    return w;
  };
  const api = async () => {
    const port = await freePort();
    const a = await spawnReady('api/main.ts', { ...env, PORT: String(port) }, '"msg":"API listening"');
    children.push(a);
    return apiClient(`http://127.0.0.1:${port}`);
  };
  try {
    const [apis, workers] = await Promise.all([Promise.all([api(), api()]), Promise.all([worker(), worker()])]);
    const [one, two] = apis;
    await createVendor(stack.db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111' });
    const person = await one('POST', '/api/people', {
      token: 'dev-admin',
      json: {
        user: 'olga',
        name: 'Olga',
        roles: ['oncall'],
        email: 'olga@example.com',
        slackWebhookUrl: `${slackServer.url}/services/T1/B1/olga`,
        channels: ['slack', 'email'],
      },
    });
    assert.equal(person.status, 201);
    const routes = {
      routes: [{ name: 'all', match: {}, policy: { levels: [{ roles: ['oncall'], channels: ['slack', 'email'], waitSeconds: 3600 }], repeat: 0 } }],
    };
    assert.equal((await two('PUT', '/api/alert-routes', { token: 'dev-admin', json: routes })).status, 200);

    const started = Date.now();
    const keys = Array.from({ length: ALERTS }, (_, i) => `sc${String(i).padStart(3, '0')}`);
    const submitInvoices = async () => {
      const ids: string[] = [];
      for (let i = 0; i < INVOICES; i += 10) {
        const batch = await Promise.all(
          Array.from({ length: 10 }, (_, j) => ((i + j) % 2 === 0 ? one : two)).map((call, j) =>
            call('POST', '/api/invoices', {
              token: 'dev-clerk',
              json: { text: invoiceText({ number: `SCALE-${i + j}`, lines: [{ description: 'Paper', quantity: 1, unitPrice: 100 + i + j }] }) },
            }),
          ),
        );
        for (const r of batch) {
          assert.equal(r.status, 202, JSON.stringify(r.data));
          ids.push(r.data.id as string);
        }
      }
      return ids;
    };
    const sendAlerts = async () => {
      for (let i = 0; i < ALERTS; i += 10) {
        const batch = await Promise.all(
          keys.slice(i, i + 10).map((key, j) =>
            ((i + j) % 2 === 0 ? two : one)('POST', '/api/events', {
              token: 'dev-integration',
              json: { source: 'scale-test', dedupKey: key, summary: `Queue depth high on ${key}`, severity: 'warning', action: 'trigger' },
            }),
          ),
        );
        for (const r of batch) assert.equal(r.status, 202, JSON.stringify(r.data));
      }
    };
    const posted = async () =>
      Number(
        (
          await stack.db
            .selectFrom('ledger_entries')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const killAndRestart = async (victim: ReadyChild, afterPosted: number) => {
      await eventually(async () => assert.ok((await posted()) >= afterPosted, `${await posted()} posted`), 120_000);
      victim.child.kill('SIGKILL');
      await victim.exited;
      await worker();
    };
    const [invoiceIds] = await Promise.all([
      submitInvoices(),
      sendAlerts(),
      (async () => {
        await killAndRestart(workers[0], 30);
        await killAndRestart(workers[1], 80);
      })(),
    ]);
    assert.equal(slackServer.received.length + smtp.mails.length, 0, `both workers were killed and back before the first page (${Date.now() - started} ms)`);

    // Every invoice posted, once.
    await eventually(async () => assert.equal(await posted(), INVOICES), 180_000);
    const entries = await stack.db.selectFrom('ledger_entries').select(['invoice_id']).execute();
    assert.deepEqual(new Set(entries.map((e) => e.invoice_id)), new Set(invoiceIds));
    await eventually(async () => {
      const invoiceRuns = await stack.db.selectFrom('runs').select(['status']).where('process', '=', 'invoice').execute();
      assert.equal(invoiceRuns.length, INVOICES);
      assert.deepEqual(new Set(invoiceRuns.map((r) => r.status)), new Set(['posted']), 'every invoice run posted');
    }, 60_000);

    // Every alert paged once on each channel, then resolved: one resolution notice each.
    const pagesOf = (key: string) => slackServer.received.filter((r) => r.body.includes(`${key}`)).length;
    await eventually(async () => assert.equal(keys.filter((k) => pagesOf(k) >= 1).length, ALERTS, 'a Slack page for every alert'), 180_000);
    for (let i = 0; i < ALERTS; i += 20) {
      await Promise.all(
        keys.slice(i, i + 20).map((key, j) =>
          ((i + j) % 2 === 0 ? one : two)('POST', '/api/events', {
            token: 'dev-integration',
            json: { source: 'scale-test', dedupKey: key, action: 'resolve' },
          }),
        ),
      );
    }
    await eventually(async () => {
      const alertRuns = await stack.db.selectFrom('runs').select(['status']).where('process', '=', 'alert').execute();
      assert.equal(alertRuns.filter((r) => r.status === 'resolved').length, ALERTS, 'every alert run resolved');
    }, 180_000);
    await eventually(
      async () =>
        assert.equal(
          await stack.client.workflow.count(`TaskQueue = "${stack.config.temporal.taskQueue}" AND ExecutionStatus = "Running"`).then((c) => c.count),
          0,
          'no run still running',
        ),
      60_000,
    );
    await eventually(async () => {
      const pending = await stack.db.selectFrom('deliveries').select(['status']).where('status', '!=', 'sent').execute();
      assert.equal(pending.length, 0, 'every delivery sent');
    }, 60_000);

    for (const key of keys) assert.equal(pagesOf(key), 2, `${key}: one Slack page and one resolution notice`);
    const mailsOf = (key: string) => smtp.mails.filter((m) => m.data.includes(key));
    for (const key of keys) assert.equal(mailsOf(key).length, 2, `${key}: one page and one resolution notice by e-mail`);
    const messageIds = smtp.mails.map((m) => /^Message-ID:\s*(\S+)/im.exec(m.data)?.[1]);
    assert.equal(new Set(messageIds).size, smtp.mails.length, 'no e-mail sent twice');
  } finally {
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await stack.stop();
    await slackServer.close();
    await smtp.close();
  }
});
