/**
 * The offline invoice reader: deterministic rules for the layouts real invoices use. The
 * document is data; nothing written in it changes what this code does beyond the fields read.
 */
import type { ExtractedInvoice, LineItem } from '../../../domain/invoice.js';
import { sameAmount } from '../../../domain/money.js';
import { boundedLines, boundedText, foldSpaces } from './bounds.js';
import { addDays, amountsIn, findDate } from './numbers.js';

/** A line of the document, prepared for reading. */
interface Line {
  /** The line with table separators (tabs, pipes) turned into column gaps. */
  text: string;
  /** True when the line belongs to the customer's block (Bill To, Ship To). */
  customer: boolean;
}

const CUSTOMER_BLOCK =
  /^\s*(?:bill(?:ed)?\s+to|invoice\s+to|sold\s+to|ship(?:ped)?\s+to|deliver(?:y|ed)?\s+to|customer|client|recipient|rechnungsempfänger|kunde)\b\s*:?/i;
const TOTALS_LABEL =
  /^\s*(?:sub-?\s?total|total|tax|vat|tva|gst|sales\s+tax|consumption\s+tax|amount\s+due|balance\s+due|grand\s+total|net\s+(?:amount|total)|shipping|discount|mwst|ust|summe|gesamt|netto|brutto|zwischensumme|current\s+charges)/i;

function prepare(text: string): Line[] {
  const raw = boundedLines(text.replace(/\r\n?/g, '\n')).map((l) =>
    foldSpaces(
      l
        .replace(/\*\*|__|^\s*#+\s+/g, '')
        .replace(/\t/g, '    ')
        .replace(/\s*\|\s*/g, '   ')
        .replace(/\u00a0/g, ' ')
        .trimEnd(),
    ),
  );
  const lines: Line[] = [];
  let inCustomer = false;
  for (const text of raw) {
    if (text.trim() === '') inCustomer = false;
    if (CUSTOMER_BLOCK.test(text)) inCustomer = true;
    // A block label followed by the vendor's column ("Bill To:        From:") ends the block.
    if (/^\s*(?:from|vendor|supplier|seller)\b\s*:/i.test(text)) inCustomer = false;
    lines.push({ text: text.trim(), customer: inCustomer });
  }
  return lines;
}

/** Where a label was found and the text after it. */
interface LabelHit {
  line: number;
  column: number;
  rest: string;
}

/**
 * Find a label at the start of a line or of a column (after a wide gap). Label patterns are
 * tried in order, so earlier patterns are preferred.
 */
function findLabel(
  lines: Line[],
  patterns: RegExp[],
  opts: { skipCustomer?: boolean; last?: boolean; anywhere?: boolean; accept?: (hit: LabelHit) => boolean } = {},
): LabelHit | undefined {
  for (const pattern of patterns) {
    // A label starts a line or a column, unless `anywhere`; then come separators and leader dots.
    const start = opts.anywhere ? '\\b' : '(?:^|\\s{2,})';
    const anchored = new RegExp(`${start}(?:${pattern.source})(?:\\s*[:#.…]+)*\\s*`, 'gi');
    const order = lines.map((_, i) => i);
    if (opts.last) order.reverse();
    for (const i of order) {
      const line = lines[i]!;
      if (opts.skipCustomer && line.customer) continue;
      for (const match of line.text.matchAll(anchored)) {
        const index = match.index ?? 0;
        const hit = { line: i, column: index + (match[0].length - match[0].trimStart().length), rest: line.text.slice(index + match[0].length) };
        if (!opts.accept || opts.accept(hit)) return hit;
      }
    }
  }
  return undefined;
}

/** The text below a label: the next line, from the label's column when the layout is columnar. */
function below(lines: Line[], hit: LabelHit): string | undefined {
  for (let i = hit.line + 1; i < Math.min(lines.length, hit.line + 3); i++) {
    const text = lines[i]!.text;
    if (text === '') continue;
    return text;
  }
  return undefined;
}

/** The first cell of a piece of text: up to a wide gap. */
function firstCell(text: string): string {
  return (text.split(/\s{2,}/)[0] ?? '').trim();
}

/**
 * An identifier: letters, digits and inner separators ("INV-2026-0042", "BC/17"), or a short
 * letter prefix, one space and a number ("INV 5588", "PO 7731"), as labels without a colon have.
 */
const ID_TOKEN = /^#?\s*((?:[A-Za-z]{1,5} (?=\d))?[A-Za-z0-9](?:[A-Za-z0-9\-/_.]*[A-Za-z0-9])?)/;

function readId(hit: LabelHit | undefined, lines: Line[]): string | null {
  if (!hit) return null;
  const sameLine = ID_TOKEN.exec(hit.rest);
  if (sameLine?.[1] && /\d/.test(sameLine[1])) return sameLine[1];
  if (hit.rest.trim() === '') {
    const next = below(lines, hit);
    const token = next ? ID_TOKEN.exec(firstCell(next)) : null;
    if (token?.[1] && /\d/.test(token[1])) return token[1];
  }
  return null;
}

function readDate(hit: LabelHit | undefined, lines: Line[], dayFirst: boolean): string | null {
  if (!hit) return null;
  const cell = firstCell(hit.rest);
  const same = findDate(cell, { dayFirst }) ?? (cell === '' ? undefined : findDate(hit.rest, { dayFirst }));
  if (same && (cell !== '' || same.index < 40)) return same.iso;
  if (cell === '') {
    const next = below(lines, hit);
    return next ? (findDate(next, { dayFirst })?.iso ?? null) : null;
  }
  return null;
}

function readAmount(hit: LabelHit | undefined, lines: Line[]): number | null {
  if (!hit) return null;
  const amounts = amountsIn(hit.rest);
  if (amounts.length > 0) return amounts[amounts.length - 1]!.value;
  if (hit.rest.replace(/\(?[A-Z]{3}\)?|[$€£:]/g, '').trim() === '') {
    const next = below(lines, hit);
    const onNext = next ? amountsIn(next) : [];
    if (next && onNext.length === 1 && /^[\s\d.,$€£A-Z()-]+$/.test(next)) return onNext[0]!.value;
  }
  return null;
}

const INVOICE_NUMBER_LABELS = [
  /invoice\s*(?:number|no\.?|nr\.?|num\.?|#|id)/,
  /inv\.?\s*(?:number|no\.?|nr\.?|num\.?|#)/,
  /(?:rechnungs?\s*(?:nummer|nr\.?)|facture\s*n[°o]\.?|bill\s*(?:number|no\.?|#))/,
  /(?:tax\s+)?invoice/,
];
const PO_LABELS = [
  /(?:p\.?\s?o\.?|purchase\s+order)\s*(?:number|no\.?|nr\.?|num\.?|#|ref(?:erence)?)/,
  /(?:customer|your)\s+(?:po|order)\s*(?:number|no\.?|#)?/,
  /purchase\s+order/,
  /p\.?\s?o\.?(?=[\s:#-])(?!\s*box)/,
  /bestellnummer/,
];
const INVOICE_DATE_LABELS = [
  /invoice\s+date|date\s+of\s+(?:issue|invoice)|issue\s+date|date\s+issued|issued(?:\s+on)?|billing\s+date|invoice\s+dated|rechnungsdatum/,
  /(?<!(?:due|delivery|order|service|ship|shipping|payment|supply|tax\s+point)\s)date(?!\s+(?:due|of\s+(?:supply|delivery|service)))/,
  /dated/,
];
const DUE_DATE_LABELS = [
  /due\s+date|payment\s+due(?:\s+date)?|date\s+due|due\s+(?:by|on)|pay(?:able)?\s+(?:by|before)|f[äa]llig(?:keitsdatum|\s+am)?|zahlbar\s+bis|date\s+d'[ée]ch[ée]ance|[ée]ch[ée]ance|vervaldatum/,
  /due/,
];
const TOTAL_LABELS = [
  /grand\s+total|invoice\s+total|total\s+(?:amount\s+)?(?:due|payable)|amount\s+(?:due|payable)|balance\s+due|total\s+to\s+pay|gesamtbetrag|rechnungsbetrag/,
  /total(?:\s+amount)?(?:\s*\(?(?:incl\.?|including|inc\.?)[^)]*\)?)?(?:\s*\(\s*[A-Z]{3}\s*\))?(?!\s*(?:excl|before|net|vat|tax|qty|quantity|items|hours|discount))/,
];
const SUBTOTAL_LABELS = [
  /sub-?\s?total|current\s+charges|net\s+(?:amount|total)|total\s+(?:excl\.?|excluding|before)\s+(?:vat|tax)[^\d]*|total\s+net|amount\s+before\s+tax|nettobetrag|zwischensumme|summe\s+netto/,
];
const TAX_LABELS = [
  /(?:total\s+)?(?:vat|tva|btw|tax|gst|hst|sales\s+tax|consumption\s+tax|mwst\.?|ust\.?|umsatzsteuer)(?!\s*(?:id|no|number|reg|registration|#|nr|-id|-idnr))/,
];
const TAX_ID_LABELS = [
  // A bare tax word before a country-prefixed number: "VAT GB 555 1234 99", "USt DE811111111".
  /(?:vat|tva|btw|ust|mwst|uid)(?=\s*[A-Z]{2}\s?\d)/,
  /vat\s*(?:reg(?:istration)?\.?\s*)?(?:id|no\.?|number|#|nr\.?)|ust-?\s?id(?:nr)?\.?|tax\s*(?:id|no\.?|number|reg(?:istration)?\.?\s*(?:no\.?|number))|tin|ein|abn|gst\s*(?:no\.?|number|reg(?:istration)?\.?\s*(?:no\.?|number))|steuernummer|uid(?:-nr\.?)?|siret|cif|nif|registration\s+(?:no\.?|number)|btw-?nummer/,
];
const VENDOR_LABELS = [/(?:vendor|supplier|seller|sold\s+by|bill(?:ed)?\s+from|billed\s+by|issued\s+by|from)/];

const TITLE_LINE = /^(?:tax\s+)?(?:invoice|rechnung|facture|bill|statement)\b|^page\s+\d|^invoice\s*$/i;
const LEGAL_SUFFIX =
  /\b(?:gmbh|ag|ltd\.?|limited|llc|l\.l\.c\.|inc\.?|corp\.?|corporation|co\.|company|s\.a\.|sarl|s\.r\.l\.|b\.v\.|bv|plc|llp|oy|ab|as|kg|ug|pty|sas|gbr|e\.k\.)(?:\W|$)/i;

function cleanName(text: string): string {
  return (
    text
      .replace(/\b(?:tax\s+)?invoice\b.*$/i, '')
      // "Northwind Traders Ltd - VAT GB 555 1234 99": the tax id is not part of the name.
      .replace(/\s+[-–—|,]\s+(?:vat|tax|tva|btw|ust|mwst|gst|abn|ein|tin|uid)\b.*$/i, '')
      .replace(/[\s\-–—:|,]+$/, '')
      .trim()
  );
}

function readVendorName(lines: Line[]): string | null {
  const labelled = findLabel(lines, VENDOR_LABELS, { accept: (h) => !lines[h.line]!.customer || h.column > 0 });
  if (labelled) {
    const value = firstCell(labelled.rest) || (below(lines, labelled) ? firstCell(below(lines, labelled)!) : '');
    if (/[A-Za-z]/.test(value) && !/@/.test(value)) return cleanName(value);
  }
  const candidates: string[] = [];
  for (const line of lines.slice(0, 25)) {
    if (line.customer) continue;
    const cell = firstCell(line.text);
    if (cell === '' || TITLE_LINE.test(cell)) continue;
    if (/:/.test(cell) || /@|www\.|https?:|^\+?\d[\d\s()-]{5,}$/.test(cell)) continue;
    if ((cell.match(/\d/g) ?? []).length > cell.length / 3) continue;
    const name = cleanName(cell);
    if (name.length < 2 || !/[A-Za-z]/.test(name)) continue;
    candidates.push(name);
  }
  return candidates.find((c) => LEGAL_SUFFIX.test(c)) ?? candidates[0] ?? null;
}

function taxIdValue(hit: LabelHit, lines: Line[]): string | null {
  const value = /^([A-Z]{2,3}[\s-]?)?[0-9A-Z][0-9A-Z\s\-./]{3,}/i.exec(firstCell(hit.rest) || firstCell(below(lines, hit) ?? ''));
  if (!value || !/\d{3}/.test(value[0])) return null;
  return value[0].trim().replace(/[\s.\-/]+$/, '');
}

function readTaxId(lines: Line[]): string | null {
  const hit = findLabel(lines, TAX_ID_LABELS, { skipCustomer: true, anywhere: true, accept: (h) => taxIdValue(h, lines) !== null });
  return hit ? taxIdValue(hit, lines) : null;
}

const CURRENCY_CODES = [
  'EUR',
  'USD',
  'GBP',
  'CHF',
  'JPY',
  'CAD',
  'AUD',
  'NZD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'HUF',
  'INR',
  'CNY',
  'SGD',
  'HKD',
  'ZAR',
  'BRL',
  'MXN',
];
/** A currency code or symbol standing alone in a table cell ("EUR", "$", "CA$"). */
const CURRENCY_TOKEN = new RegExp(`(?:^|\\s)(?:${CURRENCY_CODES.join('|')}|[A-Z]{0,3}[$€£¥])(?=\\s|$)`, 'g');

function readCurrency(text: string, lines: Line[]): string | null {
  const labelled = findLabel(lines, [/currency|währung/]);
  const code = labelled && /\b([A-Z]{3})\b/.exec(labelled.rest.toUpperCase());
  if (code?.[1] && CURRENCY_CODES.includes(code[1])) return code[1];
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/\b([A-Za-z]{3})\b/g)) {
    const iso = match[1]!.toUpperCase();
    // Lower-case codes count only where they are all lower case ("gbp"), not in words like "Eur".
    if (CURRENCY_CODES.includes(iso) && (match[1] === iso || match[1] === match[1]!.toLowerCase())) {
      counts.set(iso, (counts.get(iso) ?? 0) + 1);
    }
  }
  const symbols: [RegExp, string][] = [
    [/€/g, 'EUR'],
    [/£/g, 'GBP'],
    [/¥/g, 'JPY'],
    [/(?:CA|C)\$/g, 'CAD'],
    [/(?:AU|A)\$/g, 'AUD'],
    [/(?<![A-Z])\$/g, 'USD'],
  ];
  for (const [pattern, iso] of symbols) {
    const n = text.match(pattern)?.length ?? 0;
    if (n > 0) counts.set(iso, (counts.get(iso) ?? 0) + n);
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [iso, n] of counts) {
    if (n > bestCount) {
      best = iso;
      bestCount = n;
    }
  }
  return best;
}

/** Column roles in a line-item table, from its header. */
interface TableHeader {
  line: number;
  /** The first column numbers the lines ("Pos.", "#", "No."), so a leading integer is not text. */
  positionColumn: boolean;
  priceBeforeQty: boolean;
  hasQty: boolean;
  hasPrice: boolean;
}

function findTableHeader(lines: Line[]): TableHeader | undefined {
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.text.toLowerCase();
    if (!/\b(?:description|item|items|service|services|product|details|article|leistung|beschreibung|bezeichnung|position|task)\b/.test(text)) continue;
    if (!/\b(?:amount|total|price|rate|cost|betrag|summe|preis|line\s+total)\b/.test(text)) continue;
    const qty = /\b(?:qty|quantity|hours|hrs|units?|days|menge|anzahl|count|pcs)\b/.exec(text);
    const price = /\b(?:unit\s+price|price|rate|unit\s+cost|each|einzelpreis|preis)\b/.exec(text);
    return {
      line: i,
      positionColumn: /^(?:pos\.?|position|#|no\.?|nr\.?|line|ln)\s/.test(text),
      hasQty: Boolean(qty),
      hasPrice: Boolean(price),
      priceBeforeQty: Boolean(qty && price && price.index < qty.index),
    };
  }
  return undefined;
}

function readLineItem(row: string, header: TableHeader): LineItem | undefined {
  const text = header.positionColumn ? row.replace(/^\d{1,3}\.?\s+/, '') : row;
  const numbers = amountsIn(text);
  if (numbers.length === 0) return undefined;
  const used = numbers.slice(-3);
  let description = text;
  for (const n of [...used].reverse()) {
    description = description.slice(0, n.index) + ' ' + description.slice(n.index + n.text.length);
  }
  description = description
    .replace(CURRENCY_TOKEN, ' ')
    .replace(/(?:^|\s)(?:x|@|=|kr|hrs?|pcs|ea\.?)(?=\s|$)/gi, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s\-–:.#*]+|[\s\-–:]+$/g, '')
    .trim();
  if (!/[A-Za-z]/.test(description)) return undefined;
  const values = used.map((n) => n.value);
  let quantity: number;
  let unitPrice: number;
  let amount: number;
  if (values.length === 3) {
    const [a, b, c] = values as [number, number, number];
    [quantity, unitPrice] = header.priceBeforeQty ? [b, a] : [a, b];
    amount = c;
  } else if (values.length === 2) {
    const [a, b] = values as [number, number];
    amount = b;
    if (header.hasQty && !header.hasPrice) {
      quantity = a;
      unitPrice = a === 0 ? 0 : Math.round((b / a) * 100) / 100;
    } else if (header.hasPrice && !header.hasQty) {
      unitPrice = a;
      quantity = a === 0 ? 0 : Math.round((b / a) * 10000) / 10000;
    } else if (sameAmount(a, b)) {
      quantity = 1;
      unitPrice = a;
    } else {
      quantity = a;
      unitPrice = a === 0 ? 0 : Math.round((b / a) * 100) / 100;
    }
  } else {
    amount = values[0]!;
    quantity = 1;
    unitPrice = amount;
  }
  return { description, quantity, unitPrice, amount };
}

function readLineItems(lines: Line[]): LineItem[] {
  const header = findTableHeader(lines);
  if (!header) return [];
  const items: LineItem[] = [];
  for (let i = header.line + 1; i < lines.length; i++) {
    const text = lines[i]!.text;
    if (text === '' || /^[\s\-=_*+]+$/.test(text)) continue;
    if (TOTALS_LABEL.test(text)) break;
    const item = readLineItem(text, header);
    if (item) items.push(item);
    else if (items.length > 0 && !/\d/.test(text)) {
      // A wrapped description continues the previous line.
      const last = items[items.length - 1]!;
      last.description = `${last.description} ${text.trim()}`;
    }
  }
  return items;
}

function readDueDate(lines: Line[], invoiceDate: string | null, dayFirst: boolean): string | null {
  const labelled = readDate(findLabel(lines, DUE_DATE_LABELS, { accept: (h) => readDate(h, lines, dayFirst) !== null }), lines, dayFirst);
  if (labelled) return labelled;
  if (!invoiceDate) return null;
  const terms = /\bnet\s*(\d{1,3})\b|within\s+(\d{1,3})\s+days|(\d{1,3})\s+days\s+net|innerhalb\s+von\s+(\d{1,3})\s+tagen/i.exec(
    lines.map((l) => l.text).join('\n'),
  );
  const days = terms ? Number(terms[1] ?? terms[2] ?? terms[3] ?? terms[4]) : undefined;
  return days !== undefined ? addDays(invoiceDate, days) : null;
}

/** Read an invoice's fields from its text. */
export function extractInvoiceOffline(document: string): ExtractedInvoice {
  const text = boundedText(document);
  const lines = prepare(text);
  const invoiceNumber = readId(findLabel(lines, INVOICE_NUMBER_LABELS, { accept: (h) => readId(h, lines) !== null }), lines);
  const currency = readCurrency(text, lines);
  // Slashed dates are month-first in US-dollar documents and day-first elsewhere.
  const dayFirst = currency !== null && currency !== 'USD';
  const invoiceDate =
    readDate(findLabel(lines, INVOICE_DATE_LABELS, { skipCustomer: true, accept: (h) => readDate(h, lines, dayFirst) !== null }), lines, dayFirst) ??
    lines.map((l) => (l.customer ? undefined : findDate(l.text, { dayFirst }))).find((d) => d !== undefined)?.iso ??
    null;
  const total = readAmount(findLabel(lines, TOTAL_LABELS, { last: true, accept: (h) => readAmount(h, lines) !== null }), lines);
  const subtotal = readAmount(findLabel(lines, SUBTOTAL_LABELS, { last: true, accept: (h) => readAmount(h, lines) !== null }), lines);
  const tax = readAmount(findLabel(lines, TAX_LABELS, { last: true, accept: (h) => readAmount(h, lines) !== null }), lines);

  return {
    vendorName: readVendorName(lines),
    vendorTaxId: readTaxId(lines),
    invoiceNumber,
    invoiceDate,
    dueDate: readDueDate(lines, invoiceDate, dayFirst),
    currency,
    poNumber: readId(findLabel(lines, PO_LABELS, { accept: (h) => readId(h, lines) !== null }), lines),
    lineItems: readLineItems(lines),
    subtotal,
    tax,
    total,
  };
}

/**
 * The lines of the document's header where the vendor presents itself: before the line-item table
 * and the totals, outside the customer's block (Bill To, Ship To).
 */
export function headerLines(document: string): string[] {
  const lines = prepare(boundedText(document));
  const table = findTableHeader(lines)?.line ?? lines.length;
  const totals = lines.findIndex((l) => /^\s*(?:sub-?\s?total|total|grand\s+total|amount\s+due|balance\s+due)\b/i.test(l.text));
  const end = Math.min(table, totals === -1 ? lines.length : totals, 40);
  return lines
    .slice(0, end)
    .filter((l) => !l.customer && l.text !== '')
    .map((l) => l.text);
}

/** Does any line carry a labelled total with an amount? (Evidence for the classifier.) */
export function hasLabelledTotal(text: string): boolean {
  const lines = prepare(text);
  return findLabel(lines, TOTAL_LABELS, { accept: (h) => readAmount(h, lines) !== null }) !== undefined;
}
