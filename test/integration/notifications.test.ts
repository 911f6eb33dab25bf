/**
 * Notification delivery: a message to a role reaches every person holding it, on each of their
 * channels, exactly once, against local servers that speak Slack's webhook, Twilio's Messages API
 * and SMTP, failures included (429 with Retry-After, 5xx, permanent errors, a relay cut off
 * mid-send).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { emailChannel } from '../../activities/notifications/email.js';
import { startRelay, type Relay } from '../../activities/notifications/relay.js';
import { slackChannel } from '../../activities/notifications/slack.js';
import { smsChannel } from '../../activities/notifications/sms.js';
import { silentLogger } from '../../config/logger.js';
import { openDatabase, type Db } from '../../db/connect.js';
import { claimDueDelivery, listDeliveries, settleCutOff } from '../../db/deliveries.js';
import { enqueueNotification } from '../../db/notifications.js';
import { createPerson } from '../../db/people.js';
import { slack, startFakeHttp, startFakeSmtp, twilio, type FakeHttp, type FakeSmtp } from '../helpers/fake-channels.js';
import { eventually } from '../helpers/runs.js';
import { stopOwnTemporal } from '../helpers/temporal.js';
import { spawnEntry } from '../helpers/processes.js';
import { databaseEnv, testDatabase } from '../helpers/postgres.js';

let db: Db;
let dir: string;
let location: string;
let slackServer: FakeHttp;
let twilioServer: FakeHttp;
let smtp: FakeSmtp;
let relay: Relay;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-notify-'));
  location = await testDatabase(dir);
  db = await openDatabase(location);
  slackServer = await startFakeHttp(() => slack.ok());
  twilioServer = await startFakeHttp(() => twilio.created());
  smtp = await startFakeSmtp();
  await createPerson(db, {
    user: 'olga',
    name: 'Olga',
    roles: ['oncall'],
    email: 'olga@example.com',
    phone: '+4915111111111',
    slackWebhookUrl: `${slackServer.url}/services/T1/B1/olga`,
    channels: ['inbox', 'slack', 'sms', 'email'],
  });
  await createPerson(db, { user: 'otto', name: 'Otto', roles: ['oncall'], slackWebhookUrl: `${slackServer.url}/services/T1/B1/otto`, channels: ['slack'] });
  await createPerson(db, { user: 'ada', name: 'Ada Admin', roles: ['admin'], channels: ['inbox'] });
  relay = startRelay({
    db,
    logger: silentLogger(),
    intervalMs: 60_000,
    maxAttempts: 3,
    channels: [
      slackChannel(2000),
      smsChannel({ accountSid: 'AC123', authToken: 'secret', from: '+15550000000', baseUrl: twilioServer.url }),
      emailChannel({ smtpUrl: smtp.url, from: 'Processes <noreply@example.com>' }),
    ],
  });
});
after(async () => {
  await relay.stop();
  await Promise.all([slackServer.close(), twilioServer.close(), smtp.close()]);
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
  await stopOwnTemporal();
});
beforeEach(() => {
  slackServer.answer = () => slack.ok();
  twilioServer.answer = () => twilio.created();
  smtp.reject = () => undefined;
});

const page = (key: string, workflowId = key) =>
  enqueueNotification(db, { key, workflowId, channel: 'inbox', recipient: 'role:oncall', subject: `Page ${key}`, body: 'Disk full on db-1' });
const deliveries = async (workflowId: string) => (await listDeliveries(db, { workflowId, limit: 50, offset: 0 })).items;

test('a message to a role reaches everyone holding it, on each of their channels, once', async () => {
  await page('p1');
  await page('p1'); // the same cause again: nothing more
  await relay.drain();
  const all = await deliveries('p1');
  assert.deepEqual(all.map((d) => `${d.recipient}/${d.channel}/${d.status}`).sort(), [
    'olga/email/sent',
    'olga/inbox/sent',
    'olga/slack/sent',
    'olga/sms/sent',
    'otto/slack/sent',
  ]);
  const toSlack = slackServer.received.filter((r) => r.body.includes('Page p1'));
  assert.deepEqual(toSlack.map((r) => r.path).sort(), ['/services/T1/B1/olga', '/services/T1/B1/otto']);
  assert.equal(JSON.parse(toSlack[0]!.body).text, 'Page p1\nDisk full on db-1');
  const sms = twilioServer.received.find((r) => r.body.includes('p1'))!;
  assert.equal(sms.path, '/2010-04-01/Accounts/AC123/Messages.json');
  assert.equal(sms.headers.authorization, `Basic ${Buffer.from('AC123:secret').toString('base64')}`);
  assert.deepEqual(Object.fromEntries(new URLSearchParams(sms.body)), { To: '+4915111111111', From: '+15550000000', Body: 'Page p1: Disk full on db-1' });
  const mail = smtp.mails.find((m) => m.data.includes('Page p1'))!;
  assert.deepEqual(mail.to, ['olga@example.com']);
});

test('429 with Retry-After is retried after the wait the service asked for; a 5xx is retried too', async () => {
  let ottoCalls = 0;
  const answers = [slack.rateLimited(1), slack.serverError()];
  slackServer.answer = (req) => (req.path.endsWith('/otto') && req.body.includes('p2') ? (answers[ottoCalls++] ?? slack.ok()) : slack.ok());
  await page('p2');
  const started = Date.now();
  await relay.drain();
  const otto = async () => (await deliveries('p2')).find((d) => d.recipient === 'otto' && d.channel === 'slack')!;
  const waiting = await otto();
  assert.equal(waiting.status, 'pending', 'rate limited: to be tried again');
  assert.ok(Date.parse(waiting.nextAttemptAt) - started >= 900, 'not before Retry-After');
  assert.match(waiting.lastError ?? '', /429/);
  await eventually(async () => {
    await relay.drain();
    const done = await otto();
    assert.deepEqual([done.status, done.attempts], ['sent', 3], JSON.stringify(done));
  }, 30_000);
});

test('a permanent error is not retried: the delivery fails, and the admins are told', async () => {
  slackServer.answer = (req) => (req.path.endsWith('/otto') && req.body.includes('p3') ? slack.channelNotFound() : slack.ok());
  twilioServer.answer = (req) => (req.body.includes('p3') ? twilio.unsubscribed() : twilio.created());
  smtp.reject = (to) => (to === 'olga@example.com' ? 550 : undefined);
  await page('p3');
  await relay.drain();
  await relay.drain();
  const byChannel = Object.fromEntries((await deliveries('p3')).map((d) => [`${d.recipient}/${d.channel}`, d]));
  assert.equal(byChannel['otto/slack']?.status, 'failed');
  assert.match(byChannel['otto/slack']?.lastError ?? '', /404.*channel_not_found/);
  assert.equal(byChannel['olga/sms']?.status, 'failed');
  assert.match(byChannel['olga/sms']?.lastError ?? '', /21610/);
  assert.equal(byChannel['olga/email']?.status, 'failed');
  assert.equal(slackServer.received.filter((r) => r.path.endsWith('/otto') && r.body.includes('p3')).length, 1, 'tried once');
  assert.equal(twilioServer.received.filter((r) => r.body.includes('p3')).length, 1, 'tried once');
  const alerts = (await listDeliveries(db, { workflowId: 'p3', channel: 'inbox', limit: 50, offset: 0 })).items.filter((d) => d.recipient === 'ada');
  assert.equal(alerts.length, 3, 'one alert to the admin per failed delivery');
});

test('a temporary SMTP refusal is retried until it goes through', async () => {
  let refused = 0;
  smtp.reject = (to) => (to === 'olga@example.com' && refused++ === 0 ? 421 : undefined);
  await page('p4');
  await relay.drain();
  const first = (await deliveries('p4')).find((d) => d.channel === 'email');
  assert.deepEqual([first?.status, first?.attempts], ['pending', 1], 'refused for now: to be tried again');
  assert.match(first?.lastError ?? '', /421|Try again/);
  await eventually(async () => {
    await relay.drain();
    const email = (await deliveries('p4')).find((d) => d.channel === 'email');
    assert.deepEqual([email?.status, email?.attempts], ['sent', 2], JSON.stringify(email));
  }, 20_000);
});

test('a delivery cut off mid-send: an email is sent again with its Message-ID, a Slack post or SMS never, and the admins are told', async () => {
  await page('p5');
  // A relay claims every delivery and dies before recording how any went (the leases run out).
  const claimed = [];
  for (let d = await claimDueDelivery(db, 1); d; d = await claimDueDelivery(db, 1)) claimed.push(d);
  assert.deepEqual(claimed.map((d) => `${d.recipient}/${d.channel}`).sort(), ['olga/email', 'olga/slack', 'olga/sms', 'otto/slack']);
  await new Promise((r) => setTimeout(r, 5));
  const sentBefore = slackServer.received.length + twilioServer.received.length;
  await relay.drain();
  const after = await deliveries('p5');
  const email = after.find((d) => d.recipient === 'olga' && d.channel === 'email')!;
  assert.deepEqual([email.status, email.attempts], ['sent', 2], JSON.stringify(email));
  const mails = smtp.mails.filter((m) => m.data.includes('Page p5'));
  assert.equal(mails.length, 1, 'the email arrives once');
  assert.match(mails[0]!.data, new RegExp(`Message-ID: <${email.id}@business-processes>`, 'i'), 'with the Message-ID every attempt carries');
  for (const d of after.filter((d) => d.channel === 'slack' || d.channel === 'sms')) {
    assert.equal(d.status, 'failed', `${d.recipient}/${d.channel}`);
    assert.match(d.lastError ?? '', /in doubt/);
  }
  assert.equal(slackServer.received.length + twilioServer.received.length, sentBefore, 'no Slack post or SMS is sent again');
  const told = (await listDeliveries(db, { channel: 'inbox', limit: 50, offset: 0 })).items.filter((d) => d.recipient === 'ada');
  assert.equal(told.filter((d) => d.workflowId === 'p5').length, 3, 'the admins are told of each in doubt, not of the email');
});

test('an email whose sending keeps cutting its relay off is not tried forever: after the attempts allowed it fails in doubt', async () => {
  await enqueueNotification(db, { key: 'poison', workflowId: 'poison', channel: 'email', recipient: 'email:poison@example.com', subject: 'Big', body: 'x' });
  for (let attempt = 1; attempt <= 3; attempt++) {
    let claimed;
    do claimed = await claimDueDelivery(db, 1);
    while (claimed && claimed.workflowId !== 'poison');
    assert.equal(claimed?.attempts, attempt);
    await new Promise((r) => setTimeout(r, 5));
    const settled = await settleCutOff(db, new Set(['email']), 3);
    assert.equal(
      settled[attempt < 3 ? 'resent' : 'failed'].some((d) => d.workflowId === 'poison'),
      true,
      `after attempt ${attempt}`,
    );
  }
  const [poison] = await deliveries('poison');
  assert.equal(poison?.status, 'failed');
  assert.match(poison?.lastError ?? '', /in doubt: the relay stopped while sending 3 times/);
});

test('a worker killed (kill -9) before its SMTP server answered: the email is sent again and reaches the person once', async () => {
  // An email to an address outside the directory, as a lead's outreach is sent.
  smtp.hold = (to) => to === 'eve@example.com';
  await enqueueNotification(db, {
    key: 'kill-mail',
    workflowId: 'kill-mail',
    channel: 'email',
    recipient: 'email:eve@example.com',
    subject: 'Your demo',
    body: 'Hi Eve',
  });
  const worker = (smtpUrl: string) =>
    spawnEntry('workers/main.ts', {
      INVOICE_TASK_QUEUE: 'relay-kill-mail',
      ...databaseEnv(location),
      SMTP_URL: smtpUrl,
      RELAY_INTERVAL: '100ms',
      DELIVERY_LEASE: '2s',
    });
  const first = await worker(smtp.url);
  let second: Awaited<ReturnType<typeof worker>> | undefined;
  try {
    await eventually(async () => assert.equal(smtp.held.length, 1, 'the message is on the wire, its answer held back'), 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    await eventually(async () => assert.equal(smtp.abandoned.length, 1, 'the server did not take it: the client hung up first'), 10_000);
    smtp.hold = () => false;
    // The worker comes back; once the lease has run out, its relay sends the email again.
    second = await worker(smtp.url);
    await eventually(async () => {
      const delivery = (await deliveries('kill-mail')).find((d) => d.channel === 'email');
      assert.equal(delivery?.status, 'sent', JSON.stringify(delivery));
    }, 60_000);
    const delivery = (await deliveries('kill-mail')).find((d) => d.channel === 'email')!;
    const mails = smtp.mails.filter((m) => m.to.includes('eve@example.com'));
    assert.equal(mails.length, 1, 'taken once');
    const messageId = (m: { data: string }) => /^Message-ID: (.*)$/im.exec(m.data)?.[1]?.trim();
    assert.equal(messageId(mails[0]!), `<${delivery.id}@business-processes>`);
    assert.equal(messageId(mails[0]!), messageId(smtp.abandoned[0]!), 'the second attempt is recognisably the first message');
  } finally {
    smtp.hold = () => false;
    for (const child of [first, second]) if (child && child.exitCode === null) child.kill('SIGKILL');
  }
});

test('a worker killed (kill -9) while delivering sends nothing twice', async () => {
  // A Slack that takes its time: the worker is killed while its request is in flight.
  const hanging = await new Promise<{ url: string; received: number; close: () => Promise<void> }>((resolve) => {
    let received = 0;
    const server = http.createServer(() => {
      received++; // never answers
    });
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        get received() {
          return received;
        },
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    );
  });
  await createPerson(db, { user: 'kai', name: 'Kai', roles: ['oncall_lead'], slackWebhookUrl: `${hanging.url}/hook`, channels: ['slack'] });
  await enqueueNotification(db, { key: 'kill-1', workflowId: 'kill-1', channel: 'inbox', recipient: 'role:oncall_lead', subject: 'Page', body: 'db-1 down' });
  const child = await spawnEntry('workers/main.ts', {
    INVOICE_TASK_QUEUE: 'relay-kill',
    ...databaseEnv(location),
    RELAY_INTERVAL: '100ms',
    DELIVERY_LEASE: '2s',
  });
  try {
    await eventually(async () => assert.equal(hanging.received, 1, 'the worker is sending'), 60_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // Another relay, once the cut-off delivery's lease has run out.
    await eventually(async () => {
      await relay.drain();
      const delivery = (await deliveries('kill-1')).find((d) => d.recipient === 'kai');
      assert.equal(delivery?.status, 'failed');
      assert.match(delivery?.lastError ?? '', /in doubt/);
    }, 20_000);
    assert.equal(hanging.received, 1, 'sent once, never again');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await hanging.close();
  }
});
