/**
 * A local OpenAI-compatible server on 127.0.0.1 that speaks the chat completions protocol,
 * failures included (429, 500, slow answers, refusals, malformed JSON). Tests script its replies.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExtractedInvoice } from '../../domain/invoice.js';

/** What a model answers for the test invoice of invoiceText({ number, lines: Paper 10 x 45 }). */
export function modelFields(invoiceNumber: string): ExtractedInvoice {
  return {
    vendorName: 'Acme Supplies GmbH',
    vendorTaxId: 'DE811111111',
    invoiceNumber,
    invoiceDate: '2026-03-14',
    dueDate: '2026-04-13',
    currency: 'EUR',
    poNumber: null,
    lineItems: [{ description: 'Paper', quantity: 10, unitPrice: 45, amount: 450 }],
    subtotal: 450,
    tax: 45,
    total: 495,
  };
}

/** A chat completions request as the server received it. */
export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: {
    model: string;
    messages: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
  };
}

/** What the server answers. */
export type FakeReply =
  | { kind: 'content'; content: string }
  | { kind: 'json'; value: unknown }
  | { kind: 'refusal'; refusal: string }
  | { kind: 'status'; status: number; message?: string }
  | { kind: 'hang'; ms: number };

/** A running fake. `reply` decides each answer from the request. */
export interface FakeOpenAi {
  baseUrl: string;
  requests: ReceivedRequest[];
  reply: (req: ReceivedRequest, index: number) => FakeReply;
  close(): Promise<void>;
}

function completion(model: string, message: { content: string | null; refusal: string | null }) {
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}

/** Start the fake on a free loopback port. */
export async function startFakeOpenAi(reply: FakeOpenAi['reply']): Promise<FakeOpenAi> {
  const sockets = new Set<import('node:net').Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const fake: FakeOpenAi = { baseUrl: '', requests: [], reply, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: ReceivedRequest = { path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') };
      fake.requests.push(received);
      const answer = fake.reply(received, fake.requests.length - 1);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      switch (answer.kind) {
        case 'content':
          return send(200, completion(received.body.model, { content: answer.content, refusal: null }));
        case 'json':
          return send(200, completion(received.body.model, { content: JSON.stringify(answer.value), refusal: null }));
        case 'refusal':
          return send(200, completion(received.body.model, { content: null, refusal: answer.refusal }));
        case 'status':
          return send(answer.status, { error: { message: answer.message ?? `status ${answer.status}`, type: 'test_error', code: null, param: null } });
        case 'hang': {
          const timer = setTimeout(() => send(200, completion(received.body.model, { content: '{}', refusal: null })), answer.ms);
          timers.add(timer);
        }
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return fake;
}

/** The response-format name a request asks for ("invoice" or "classification"). */
export function formatName(req: ReceivedRequest): string | undefined {
  return req.body.response_format?.json_schema?.name;
}
