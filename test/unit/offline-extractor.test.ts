import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentToText } from '../../activities/documents.js';
import { extractInvoiceOffline } from '../../activities/ai/offline/extract.js';
import { ExtractedInvoice } from '../../domain/invoice.js';
import { sameAmount } from '../../domain/money.js';
import { matchKey } from '../../domain/vendor.js';
import { fixtureDocument, loadInvoiceFixtures } from '../helpers/fixtures.js';

type Field = keyof ExtractedInvoice;
const FIELDS = Object.keys(ExtractedInvoice.shape) as Field[];

function fieldMatches(field: Field, got: ExtractedInvoice, want: ExtractedInvoice): boolean {
  const g = got[field];
  const w = want[field];
  if (field === 'lineItems') {
    const gl = got.lineItems;
    const wl = want.lineItems;
    return (
      gl.length === wl.length &&
      wl.every((line, i) => {
        const other = gl[i]!;
        return (
          matchKey(other.description) === matchKey(line.description) &&
          sameAmount(other.quantity, line.quantity) &&
          sameAmount(other.unitPrice, line.unitPrice) &&
          sameAmount(other.amount, line.amount)
        );
      })
    );
  }
  if (w === null || g === null) return w === g;
  if (typeof w === 'number') return typeof g === 'number' && sameAmount(g, w);
  if (field === 'vendorName' || field === 'vendorTaxId') return typeof g === 'string' && typeof w === 'string' && matchKey(g) === matchKey(w);
  return g === w;
}

test('the offline extractor reads at least 95% of fields across the fixture set (text, PDF, email)', async () => {
  const fixtures = loadInvoiceFixtures();
  assert.ok(fixtures.length >= 25, `expected at least 25 fixtures, found ${fixtures.length}`);
  const formats = new Set(fixtures.map((f) => f.format));
  for (const format of ['text', 'pdf', 'email-pdf', 'email-text', 'email-body']) assert.ok(formats.has(format as never), `no ${format} fixture`);

  let right = 0;
  let total = 0;
  const misses: string[] = [];
  const perField = new Map<Field, number>();
  for (const fixture of fixtures) {
    const { content, contentType } = await fixtureDocument(fixture);
    const { text } = await documentToText(content, contentType);
    const got = extractInvoiceOffline(text);
    for (const field of FIELDS) {
      total++;
      if (fieldMatches(field, got, fixture.expected)) right++;
      else {
        perField.set(field, (perField.get(field) ?? 0) + 1);
        misses.push(`${fixture.name} [${fixture.format}] ${field}: got ${JSON.stringify(got[field])}, want ${JSON.stringify(fixture.expected[field])}`);
      }
    }
  }
  const accuracy = right / total;
  console.log(`offline extractor field accuracy: ${(accuracy * 100).toFixed(1)}% (${right}/${total} fields, ${fixtures.length} invoices)`);
  for (const [field, n] of perField) console.log(`  ${field}: ${n} miss(es)`);
  for (const miss of misses) console.log(`  miss: ${miss}`);
  assert.ok(accuracy >= 0.95, `field accuracy ${(accuracy * 100).toFixed(1)}% is below 95%`);
});
