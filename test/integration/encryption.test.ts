/**
 * Encrypted payloads on the real dev server: with PAYLOAD_KEYS set, `temporal workflow show` of an
 * invoice's run shows none of its document or fields, and the API still reads the run; the codec server decodes for an allowed token and refuses a missing
 * or wrong one; key rotation (a new key encrypts, the old one still decrypts).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Payload } from '@temporalio/common';
import { EncryptionCodec, parsePayloadKeys } from '../../config/payload-codec.js';
import { resolveTemporalCli } from '../../scripts/temporal-cli.js';
import { createVendor } from '../../db/vendors.js';
import { invoiceText, submit, waitForResult } from '../helpers/invoices.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal, temporalAddress } from '../helpers/temporal.js';

const OLD = `old:${randomBytes(32).toString('base64')}`;
const NEW = `new:${randomBytes(32).toString('base64')}`;
let stack: TestStack;

before(async () => {
  stack = await startTestStack({ api: true, env: { PAYLOAD_KEYS: `${NEW},${OLD}`, CODEC_ROLES: 'admin,ap_clerk' } });
});
after(async () => {
  await stack?.stop();
  await stopOwnTemporal();
});

const plain = (text: string): Payload => ({ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(text)) });

test('key rotation: the first key encrypts, every key decrypts; an unknown key or a tampered payload is refused; plain payloads pass', async () => {
  const oldOnly = new EncryptionCodec(parsePayloadKeys(OLD).keys);
  const rotated = new EncryptionCodec(parsePayloadKeys(`${NEW},${OLD}`).keys);
  const [sealedOld] = await oldOnly.encode([plain('written under the old key')]);
  assert.equal(Buffer.from(sealedOld!.metadata!['encryption-key-id']!).toString(), 'old');
  const [opened] = await rotated.decode([sealedOld!]);
  assert.equal(Buffer.from(opened!.data!).toString(), '"written under the old key"');
  const [sealedNew] = await rotated.encode([plain('new')]);
  assert.equal(Buffer.from(sealedNew!.metadata!['encryption-key-id']!).toString(), 'new');
  await assert.rejects(oldOnly.decode([sealedNew!]), /the key "new", which PAYLOAD_KEYS does not hold/);
  const tampered = { ...sealedNew!, data: Buffer.from(sealedNew!.data!).fill(7, 40, 41) };
  await assert.rejects(rotated.decode([tampered]));
  assert.deepEqual(await rotated.decode([plain('old history')]), [plain('old history')]);
  assert.deepEqual(parsePayloadKeys('k1:short').problems.length, 1);
});

test('a run’s history in Temporal holds no plaintext of the document or its fields; the API reads it all', async () => {
  const vendor = `Zyxwv Secretive ${Date.now()}`;
  const number = `SECRET-NUMBER-${Date.now()}`;
  await createVendor(stack.db, { name: vendor });
  const { id, workflowId } = await submit(stack, invoiceText({ vendor, number, lines: [{ description: 'Audit', quantity: 1, unitPrice: 100 }] }));
  const result = await waitForResult(stack.client, workflowId);
  assert.equal(result.status, 'posted');
  const cli = resolveTemporalCli();
  assert.equal(cli.kind, 'path');
  const history = execFileSync(
    cli.kind === 'path' ? cli.path : '',
    ['workflow', 'show', '--workflow-id', workflowId, '--address', await temporalAddress(), '--output', 'json'],
    {
      encoding: 'utf8',
    },
  );
  assert.ok(history.includes(Buffer.from('binary/encrypted').toString('base64')), 'the payloads are encrypted');
  // (The workflow id is the invoice's id: ids are the claim check, not its content.)
  for (const secret of [vendor, 'Zyxwv', number]) {
    assert.ok(!history.includes(secret) && !history.includes(Buffer.from(secret).toString('base64').slice(0, 12)), `${secret} is not in the history`);
  }
  const read = await fetch(`${stack.api!.url}/api/invoices/${id}`, { headers: { authorization: 'Bearer dev-clerk' } });
  assert.equal(((await read.json()) as { details: { extracted: { invoiceNumber: string } } }).details.extracted.invoiceNumber, number, 'decrypted for the API');
});

test('the codec server decodes for an allowed role, refuses anyone else, and answers the Temporal UI’s preflight', async () => {
  const codec = new EncryptionCodec(parsePayloadKeys(`${NEW},${OLD}`).keys);
  const [sealed] = await codec.encode([plain('for the UI')]);
  const body = JSON.stringify({
    payloads: [
      {
        metadata: Object.fromEntries(Object.entries(sealed!.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
        data: Buffer.from(sealed!.data!).toString('base64'),
      },
    ],
  });
  const post = (token?: string) =>
    fetch(`${stack.api!.url}/codec/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body,
    });
  const ok = await post('dev-clerk');
  assert.equal(ok.status, 200);
  const decoded = (await ok.json()) as { payloads: { data: string }[] };
  assert.equal(Buffer.from(decoded.payloads[0]!.data, 'base64').toString(), '"for the UI"');
  assert.equal((await post()).status, 401);
  assert.equal((await post('wrong-token-123')).status, 401);
  assert.equal((await post('dev-sales')).status, 403, 'a role outside CODEC_ROLES');
  const preflight = await fetch(`${stack.api!.url}/codec/decode`, {
    method: 'OPTIONS',
    headers: { origin: stack.config.temporal.uiUrl, 'access-control-request-method': 'POST' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), new URL(stack.config.temporal.uiUrl).origin);
});
