/** The invoice fixture set: each text rendered in the format the fixture names. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExtractedInvoice } from '../../domain/invoice.js';
import { buildEmail, textToPdf } from './documents.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'invoices');

/** How a fixture is delivered. */
export type FixtureFormat = 'text' | 'pdf' | 'email-pdf' | 'email-text' | 'email-body';

/** One fixture: its document and the fields a reader should find. */
export interface InvoiceFixture {
  name: string;
  format: FixtureFormat;
  text: string;
  expected: ExtractedInvoice;
}

/** Every fixture in the set. */
export function loadInvoiceFixtures(): InvoiceFixture[] {
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<
    string,
    { format: FixtureFormat; expected: ExtractedInvoice }
  >;
  return Object.entries(expected).map(([name, e]) => ({
    name,
    format: e.format,
    text: fs.readFileSync(path.join(dir, `${name}.txt`), 'utf8'),
    expected: e.expected,
  }));
}

/** The text of a fixture as a raw document of the content type its format calls for. */
export async function fixtureDocument(f: { text: string; format: FixtureFormat; name?: string }): Promise<{ content: Uint8Array; contentType: string }> {
  const filename = `${f.name ?? 'invoice'}`;
  switch (f.format) {
    case 'text':
      return { content: Buffer.from(f.text), contentType: 'text/plain' };
    case 'pdf':
      return { content: await textToPdf(f.text), contentType: 'application/pdf' };
    case 'email-pdf':
      return {
        content: buildEmail({
          body: 'Hello,\n\nplease find our invoice attached.\n\nBest regards',
          attachments: [{ filename: `${filename}.pdf`, contentType: 'application/pdf', content: await textToPdf(f.text) }],
        }),
        contentType: 'message/rfc822',
      };
    case 'email-text':
      return {
        content: buildEmail({
          body: 'Hi, our invoice is attached as a text file. Thanks!',
          attachments: [{ filename: `${filename}.txt`, contentType: 'text/plain', content: Buffer.from(f.text) }],
        }),
        contentType: 'message/rfc822',
      };
    case 'email-body':
      return { content: buildEmail({ body: f.text }), contentType: 'message/rfc822' };
  }
}
