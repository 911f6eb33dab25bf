/**
 * No document can hold the offline reader: pathological inputs of a megabyte each (runs of
 * spaces, tabs, pipes, digits, separators, endless lines or endless line breaks) are read in a
 * fraction of a second (a few seconds of CPU at most on a loaded machine), where quadratic rules
 * once took minutes. The bound tells linear from quadratic; it is not a speed measurement.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyOffline } from '../../activities/ai/offline/classify.js';
import { extractInvoiceOffline } from '../../activities/ai/offline/extract.js';
import { htmlToText } from '../../activities/documents.js';
import { boundedLines } from '../../activities/ai/offline/bounds.js';

const MB = 1024 * 1024;
const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

const PATHOLOGICAL: Record<string, string> = {
  spaces: `Invoice Number${fill(' ')}x`,
  tabs: `Total${fill('\t')}1`,
  pipes: fill('|'),
  'spaced pipes': fill(' | '),
  digits: fill('1'),
  'digits and separators': fill('1,2.'),
  'spaces between digits': fill('1 '),
  'label and spaces on every line': fill('Total Due          \n'),
  'pipes on every line': fill('|||||||||||||||||||||||||||||||||||||||||||||||||\n'),
  'tabs and pipes': fill('\t|\t '),
  'line breaks': fill('\n'),
  'leader dots': `Invoice No${fill('.')}`,
  'dates and dashes': fill('1- '),
  'a long table': `INVOICE\nDescription   Qty   Price   Amount\n${fill('Widget   1   1.00   1.00\n')}Total 5.00`,
};

for (const [name, text] of Object.entries(PATHOLOGICAL)) {
  test(`a megabyte of ${name} is read in linear time, not minutes`, () => {
    const before = process.cpuUsage();
    extractInvoiceOffline(text);
    classifyOffline(text);
    const used = process.cpuUsage(before);
    const ms = (used.user + used.system) / 1000;
    // The process's CPU time counts the garbage collector's threads too; 3 s is far from minutes.
    assert.ok(ms < 3000, `${name}: ${ms.toFixed(0)} ms of CPU`);
  });
}

test('the reader still reads a real invoice whose columns are padded with long runs of spaces and tabs', () => {
  const fields = extractInvoiceOffline(
    [
      'Acme Supplies GmbH',
      'INVOICE',
      `Invoice Number:${' '.repeat(200)}INV-77`,
      'Description\t\t\t\tQty\t\tPrice\t\tAmount',
      `Chairs${' '.repeat(120)}2${'\t'.repeat(30)}50.00${' '.repeat(60)}100.00`,
      `Total${' '.repeat(500)}100.00 EUR`,
    ].join('\n'),
  );
  assert.equal(fields.invoiceNumber, 'INV-77');
  assert.equal(fields.total, 100);
  assert.equal(fields.lineItems[0]?.amount, 100);
});

test('an HTML mail body of a megabyte of unclosed tags is turned into text in linear time, not minutes', () => {
  for (const body of [fill('<'), fill('<br'), fill('<td')]) {
    const before = process.cpuUsage();
    htmlToText(body);
    const used = process.cpuUsage(before);
    assert.ok((used.user + used.system) / 1000 < 3000);
  }
});

test('a long document is read by its first lines and its last ones, where the totals are', () => {
  const rows = Array.from({ length: 20_000 }, (_, i) => `row ${i}`);
  const lines = boundedLines(`first\n${rows.join('\n')}\nTotal 10.00\n`);
  assert.equal(lines.length, 5000);
  assert.equal(lines[0], 'first');
  assert.deepEqual(lines.slice(-2), ['Total 10.00', '']);
  assert.equal(lines[3999], 'row 3998');
  assert.equal(lines[4000], `row ${20_000 - 998}`);
});
