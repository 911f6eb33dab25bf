/**
 * Encrypted payloads: every payload the clients and workers send to Temporal (workflow inputs and
 * results, signals, updates, queries, memos, activity inputs and outputs, failure messages) is
 * AES-256-GCM ciphertext in Temporal's database, under the key named in its metadata. Keys come
 * from PAYLOAD_KEYS (`<id>:<base64 of 32 bytes>,...`): the first encrypts, every one decrypts, so a
 * new key is added in front and the old one kept until no run needs it. Payloads that were never
 * encrypted (recorded before, or from another client) pass through. Without PAYLOAD_KEYS (allowed
 * outside production) payloads stay plain, so the embedded Temporal UI reads them as they are.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';

/** The metadata of an encrypted payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const CIPHER = 'encryption-cipher';

/** A key and its id. */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

/** Parse PAYLOAD_KEYS; returns the problems instead of throwing, for the configuration's report. */
export function parsePayloadKeys(text: string): { keys: PayloadKey[]; problems: string[] } {
  const keys: PayloadKey[] = [];
  const problems: string[] = [];
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const at = entry.indexOf(':');
    const id = entry.slice(0, at);
    const key = Buffer.from(entry.slice(at + 1), 'base64');
    if (at <= 0 || !/^[A-Za-z0-9._-]{1,32}$/.test(id) || key.length !== 32) {
      problems.push(`PAYLOAD_KEYS: each entry is <id>:<base64 of 32 random bytes> (openssl rand -base64 32); "${entry.slice(0, 12)}..." is not`);
    } else if (keys.some((k) => k.id === id)) problems.push(`PAYLOAD_KEYS: the key id ${id} is given twice`);
    else keys.push({ id, key });
  }
  if (keys.length === 0 && problems.length === 0) problems.push('PAYLOAD_KEYS is set but holds no key');
  return { keys, problems };
}

/** Encrypts with the first key, decrypts with any. */
export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: readonly PayloadKey[]) {
    if (keys.length === 0) throw new Error('The payload codec needs at least one key');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0]!;
    return payloads.map((p) => {
      const plain = Buffer.from(
        JSON.stringify({
          m: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
          d: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
        }),
      );
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
      return {
        metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID]: Buffer.from(id), [CIPHER]: Buffer.from('AES256GCM') },
        data: Buffer.concat([iv, cipher.getAuthTag(), sealed]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (Buffer.from(p.metadata?.encoding ?? new Uint8Array()).toString() !== ENCRYPTED_ENCODING) return p;
      const id = Buffer.from(p.metadata?.[KEY_ID] ?? new Uint8Array()).toString();
      const key = this.byId.get(id);
      if (!key) throw new Error(`A payload is encrypted with the key "${id}", which PAYLOAD_KEYS does not hold`);
      const data = Buffer.from(p.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      const plain = JSON.parse(Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString()) as { m: Record<string, string>; d: string };
      return {
        metadata: Object.fromEntries(Object.entries(plain.m).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
        data: Buffer.from(plain.d, 'base64'),
      };
    });
  }
}

/** The path of the module the workflow sandbox loads its failure converter from (messages encoded, then encrypted). */
export const FAILURE_CONVERTER_PATH = fileURLToPath(new URL(`./failure-converter${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

/**
 * The data converter option of every client and worker: payloads encrypted and failure messages
 * encoded (then encrypted) when PAYLOAD_KEYS holds keys; none (plain payloads) otherwise.
 */
export function encryption(keys: readonly PayloadKey[]): { dataConverter?: DataConverter } {
  if (keys.length === 0) return {};
  return { dataConverter: { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath: FAILURE_CONVERTER_PATH } };
}
