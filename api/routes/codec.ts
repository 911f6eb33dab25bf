/**
 * The codec server for the Temporal UI (its "codec endpoint"): POST /codec/decode and
 * /codec/encode take `{payloads: [{metadata: {<key>: base64}, data: base64}]}` and answer the same
 * shape, decrypted or encrypted with PAYLOAD_KEYS. Only a token of a role in CODEC_ROLES may use it:
 * the payloads are the processes' documents and people's decisions. CORS lets the UI's origin call.
 */
import express, { Router, type RequestHandler } from 'express';
import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import { EncryptionCodec } from '../../config/payload-codec.js';
import type { Identity } from '../../config/tokens.js';
import { authenticate, requireRole } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { parseOr400 } from '../validate.js';

const JsonPayloads = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() })).max(1000),
});

const toPayload = (p: z.infer<typeof JsonPayloads>['payloads'][number]): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/** The codec routes, with their own CORS and authentication (they live outside /api). */
export function codecRoutes(deps: ApiDeps, tokens: Map<string, Identity>, authFailures: RequestHandler): Router {
  const router = Router();
  // Without PAYLOAD_KEYS nothing is encrypted: the codec server hands payloads back as they are.
  const codec = deps.config.payloadKeys.length > 0 ? new EncryptionCodec(deps.config.payloadKeys) : undefined;
  const uiOrigin = new URL(deps.config.temporal.uiUrl).origin;
  router.use('/codec', (req, res, next) => {
    if (req.get('origin') === uiOrigin) {
      res.set('Access-Control-Allow-Origin', uiOrigin);
      res.set('Access-Control-Allow-Credentials', 'true');
      res.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Namespace');
      res.set('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.set('Vary', 'Origin');
    }
    res.set('Cache-Control', 'no-store');
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  });
  router.use('/codec', authFailures, authenticate(tokens, deps.db), requireRole(...deps.config.codecRoles), express.json({ limit: '8mb' }));
  for (const direction of ['encode', 'decode'] as const) {
    router.post(`/codec/${direction}`, async (req, res) => {
      const body = parseOr400(JsonPayloads, req.body);
      const payloads = body.payloads.map(toPayload);
      const done = !codec ? payloads : direction === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
      res.json({ payloads: done.map(toJson) });
    });
  }
  return router;
}
