/**
 * Local servers on 127.0.0.1 that speak the protocols the notification channels use, failures
 * included: a Slack incoming-webhook server, a Twilio Messages API server, and an SMTP server.
 * Tests script their answers and read what they received.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A request an HTTP fake received. */
export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An HTTP answer a fake gives. */
export interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/** A running HTTP fake; `answer` decides each reply. */
export interface FakeHttp {
  url: string;
  received: Received[];
  answer: (req: Received, index: number) => Answer;
  close(): Promise<void>;
}

/** Start an HTTP fake on a free loopback port. */
export async function startFakeHttp(answer: FakeHttp['answer']): Promise<FakeHttp> {
  const fake: FakeHttp = { url: '', received: [], answer, close: async () => {} };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const received = { path: req.url ?? '', headers: req.headers, body };
      fake.received.push(received);
      const reply = fake.answer(received, fake.received.length - 1);
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}

/** Slack's answers: 200 "ok", or its errors. */
export const slack = {
  ok: (): Answer => ({ status: 200, body: 'ok' }),
  rateLimited: (seconds: number): Answer => ({ status: 429, body: 'rate_limited', headers: { 'retry-after': String(seconds) } }),
  channelNotFound: (): Answer => ({ status: 404, body: 'channel_not_found' }),
  serverError: (): Answer => ({ status: 500, body: 'internal_error' }),
};

/** Twilio's answers: 201 with the message, or its JSON errors. */
export const twilio = {
  created: (): Answer => ({ status: 201, body: JSON.stringify({ sid: 'SM0123', status: 'queued' }), headers: { 'content-type': 'application/json' } }),
  unsubscribed: (): Answer => ({
    status: 400,
    body: JSON.stringify({ code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 }),
    headers: { 'content-type': 'application/json' },
  }),
  tooManyRequests: (): Answer => ({
    status: 429,
    body: JSON.stringify({ code: 20429, message: 'Too Many Requests', status: 429 }),
    headers: { 'retry-after': '1' },
  }),
};

/** A received mail. */
export interface Mail {
  from: string;
  to: string[];
  data: string;
}

/**
 * A running SMTP fake. `reject(to)` returns an SMTP reply code to refuse a recipient with.
 * `hold(to)` true keeps the answer to a message's final dot back; like a real server, it takes a
 * message only when it answers, so a client that hangs up first leaves it in `abandoned`.
 */
export interface FakeSmtp {
  url: string;
  mails: Mail[];
  /** Messages whose client hung up while the answer was held back (never taken). */
  abandoned: Mail[];
  /** Messages being held now. */
  held: Mail[];
  reject: (to: string, attempt: number) => number | undefined;
  hold: (to: string) => boolean;
  close(): Promise<void>;
}

/** Start an SMTP server on a free loopback port (no TLS, no auth). */
export async function startFakeSmtp(): Promise<FakeSmtp> {
  const attempts = new Map<string, number>();
  const fake: FakeSmtp = { url: '', mails: [], abandoned: [], held: [], reject: () => undefined, hold: () => false, close: async () => {} };
  const holding = new Map<string, Mail>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const n = (attempts.get(address.address) ?? 0) + 1;
      attempts.set(address.address, n);
      const code = fake.reject(address.address, n);
      if (code === undefined) return callback();
      const error = new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later') as Error & { responseCode: number };
      error.responseCode = code;
      return callback(error);
    },
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c.toString()));
      stream.on('end', () => {
        const mail = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data };
        if (mail.to.some((to) => fake.hold(to))) {
          holding.set(session.id, mail);
          fake.held.push(mail);
          return; // no answer: the client waits (or dies)
        }
        fake.mails.push(mail);
        callback();
      });
    },
    onClose(session) {
      const mail = holding.get(session.id);
      if (!mail) return;
      holding.delete(session.id);
      fake.held.splice(fake.held.indexOf(mail), 1);
      fake.abandoned.push(mail);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  fake.url = `smtp://127.0.0.1:${port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
