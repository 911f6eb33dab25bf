/**
 * Mail in, over real SMTP (nodemailer to the project's `smtp-server` listener): invoices@ starts
 * an invoice per attachment (or reads the body), alerts@ raises an alert event; unknown mailboxes,
 * senders not allowed and mail too large are refused; a repeated Message-ID starts nothing new; a
 * mail that arrives while Temporal is unreachable is kept and started later; SMTP AUTH when set.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { silentLogger } from '../../config/logger.js';
import { listMail } from '../../db/inbound-mail.js';
import { startMailListener } from '../../triggers/email/listener.js';
import { apiClient } from '../helpers/api.js';
import { eventually } from '../helpers/runs.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'invoices');
const invoiceText = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');

let stack: TestStack;
let call: ReturnType<typeof apiClient>;

before(async () => {
  stack = await startTestStack({
    api: true,
    env: { SMTP_IN_ENABLED: 'true', SMTP_IN_PORT: '0', EMAIL_IN_ALLOWED_SENDERS: 'example.com,boss@partner.org', MAX_DOCUMENT_MB: '1', ALERT_PAUSE_FOR: '1h' },
  });
  call = apiClient(stack.api!.url);
});

after(async () => {
  await stack?.stop();
  await stopOwnTemporal();
});

const transport = (port: number, auth?: { user: string; pass: string }) =>
  nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, ...(auth && { auth }) });
const send = (mail: SendMailOptions, port = stack.api!.mail!.port) => transport(port).sendMail({ from: 'ap@example.com', ...mail });

async function emailInvoices(count: number) {
  let items: any[] = [];
  await eventually(async () => {
    const page = await call('GET', '/api/invoices?limit=200', { token: 'dev-admin' });
    items = page.data.items.filter((i: any) => i.source === 'email');
    assert.equal(items.length, count, `${items.length} invoices from mail`);
  }, 15_000);
  return items;
}

test('a mail to invoices@ with two invoice attachments starts two invoices; the same Message-ID again starts none; a body-only mail is read as the invoice', async () => {
  const messageId = `<two-invoices-${Date.now()}@example.com>`;
  const mail = {
    to: 'invoices@ap.example.com',
    subject: 'Two invoices',
    messageId,
    text: 'Please find our invoices attached.',
    attachments: [
      { filename: 'inv-1.txt', content: invoiceText('01-classic-usd.txt'), contentType: 'text/plain' },
      { filename: 'inv-2.txt', content: invoiceText('02-german-eur.txt'), contentType: 'text/plain' },
      { filename: 'logo.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47]), contentType: 'image/png' },
    ],
  };
  const info = await send(mail);
  assert.match(info.response, /^250 .*Queued as mail_/);
  const two = await emailInvoices(2);
  assert.ok(two.every((i) => i.submittedBy === 'email:ap@example.com'));

  await send(mail);
  await send({ ...mail, to: 'Invoices@other-domain.example.com' });
  assert.equal((await listMail(stack.db)).filter((m) => m.messageId === messageId.slice(1, -1) || m.messageId === messageId).length, 1);
  await emailInvoices(2);

  await send({ to: 'invoices@ap.example.com', subject: 'Invoice in the body', text: invoiceText('04-minimal-no-table.txt') });
  const three = await emailInvoices(3);
  const bodyOnly = three.find((i) => !two.some((t) => t.id === i.id));
  const detail = await call('GET', `/api/invoices/${bodyOnly.id}`, { token: 'dev-admin' });
  assert.equal(detail.status, 200);
});

test('mail the listener cannot take is refused in SMTP: no mailbox 550, a sender not allowed 550, too large 552', async () => {
  await assert.rejects(send({ to: 'payroll@example.com', subject: 'x', text: 'x' }), (e: any) => e.responseCode === 550 && /No mailbox/.test(e.response));
  await assert.rejects(send({ from: 'mallory@evil.example', to: 'invoices@example.com', subject: 'x', text: 'x' }), (e: any) => e.responseCode === 550);
  await send({ from: 'boss@partner.org', to: 'alerts@example.com', subject: '[info] allowed by address', text: 'ok' });
  await assert.rejects(send({ to: 'invoices@example.com', subject: 'big', text: 'x'.repeat(1_200_000) }), (e: any) => e.responseCode === 552);
});

test('a mail to alerts@ raises an alert with the severity in its subject; "RESOLVED:" resolves it', async () => {
  const summary = `Payments API down ${Date.now()}`;
  await send({ to: 'alerts@example.com', subject: `[critical] ${summary}`, text: '5xx on every request' });
  let incident: any;
  await eventually(async () => {
    const list = await call('GET', '/api/alerts?source=email&limit=200', { token: 'dev-oncall' });
    incident = list.data.items.find((a: any) => a.summary === summary);
    assert.ok(incident, 'no incident yet');
  }, 15_000);
  assert.equal(incident.severity, 'critical');
  assert.equal(incident.source, 'email');
  await send({ to: 'alerts@example.com', subject: `RESOLVED: [critical] ${summary}`, text: 'back' });
  await eventually(async () => {
    const detail = await call('GET', `/api/alerts/${incident.id}`, { token: 'dev-oncall' });
    assert.equal(detail.data.status, 'resolved');
  }, 15_000);
});

test('a mail received while Temporal is unreachable is kept and started when it is back; SMTP AUTH when configured', async () => {
  // A listener whose Temporal client points nowhere: the mail is accepted and stored, not started.
  const nowhere = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 200 }) });
  const config = {
    ...stack.config,
    emailIn: { ...stack.config.emailIn, port: 0, retryMs: 200, startTimeoutMs: 1000, users: new Map([['scanner', 's3cret']]) },
  };
  const down = await startMailListener({ config, db: stack.db, client: nowhere, logger: silentLogger() });
  try {
    await assert.rejects(transport(down.port).sendMail({ from: 'ap@example.com', to: 'invoices@example.com', subject: 'x', text: 'x' }), (e: any) =>
      [530, 535].includes(e.responseCode),
    );
    await assert.rejects(
      transport(down.port, { user: 'scanner', pass: 'wrong' }).sendMail({ from: 'ap@example.com', to: 'invoices@example.com', subject: 'x', text: 'x' }),
      (e: any) => e.responseCode === 535,
    );
    await emailInvoices(3);
    // (Its first start failed: the mail is kept with the error and a later start time.)
    await transport(down.port, { user: 'scanner', pass: 's3cret' }).sendMail({
      from: 'ap@example.com',
      to: 'invoices@example.com',
      subject: 'Sent while Temporal is down',
      text: invoiceText('05-tabs-chf.txt'),
    });
    await eventually(async () => {
      const kept = (await listMail(stack.db)).find((m) => m.subject === 'Sent while Temporal is down');
      assert.ok(kept && kept.status === 'received' && kept.attempts >= 1 && kept.lastError, `kept: ${JSON.stringify(kept && { ...kept, raw: undefined })}`);
    }, 30_000);
  } finally {
    await down.stop();
    await nowhere.connection.close().catch(() => {});
  }
  // The API's own listener (Temporal reachable) takes the kept mail up on a later round.
  await eventually(async () => {
    await stack.api!.mail!.drain();
    const kept = (await listMail(stack.db)).find((m) => m.subject === 'Sent while Temporal is down');
    assert.equal(kept?.status, 'started', kept?.lastError ?? '');
  }, 20_000);
  await emailInvoices(4);
});
