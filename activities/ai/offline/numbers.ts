/** Reading amounts and dates the ways real invoices print them. */

const CURRENCY_NOISE = /(?:[A-Z]{3}|[$€£¥₹]|CHF|Fr\.|kr)/g;

/**
 * The decimal value of an amount as printed: `1,234.56`, `1.234,56`, `1 234,56`, `$1,234.56`,
 * `€ 99`, `1234.5 EUR`, `(12.00)` for a negative. Undefined when it is not an amount.
 */
export function parseAmount(raw: string): number | undefined {
  let text = raw.trim();
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1);
  }
  text = text.replace(CURRENCY_NOISE, '').replace(/[\s\u00a0']/g, '');
  if (text.startsWith('-')) {
    negative = true;
    text = text.slice(1);
  }
  if (!/^\d[\d.,]*$/.test(text)) return undefined;
  const hasDot = text.includes('.');
  const hasComma = text.includes(',');
  let decimalSep: string | undefined;
  if (hasDot && hasComma) {
    // Both appear: the later one separates the decimals (1,234.56 and 1.234,56).
    decimalSep = text.lastIndexOf('.') > text.lastIndexOf(',') ? '.' : ',';
  } else if (hasDot || hasComma) {
    const sep = hasDot ? '.' : ',';
    const parts = text.split(sep);
    const last = parts[parts.length - 1] ?? '';
    // One separator before one or two digits is a decimal point; before three digits, or
    // repeated, it groups thousands (1,234 and 1.234.567).
    if (parts.length === 2 && last.length > 0 && last.length <= 2) decimalSep = sep;
  }
  const grouping = decimalSep === '.' ? /,/g : decimalSep === ',' ? /\./g : /[.,]/g;
  let normalized = text.replace(grouping, '');
  if (decimalSep === ',') normalized = normalized.replace(',', '.');
  const value = Number(normalized);
  if (!Number.isFinite(value)) return undefined;
  return negative ? -value : value;
}

/** Every amount-looking token on a line, in order, with where it starts. */
export function amountsIn(line: string): { value: number; index: number; text: string }[] {
  // Not part of a word or a longer number ("XL-200", "m5", "1kg"); space-grouped thousands
  // only with comma decimals ("2 400,00"), since "16 100.00" is more often two columns.
  const pattern =
    /(?<![A-Za-z0-9.,-])\(?-?(?:[$€£¥]\s?)?(?:\d{1,3}(?: \d{3})+,\d{2}|\d{1,3}(?:[.,\u00a0\u202f']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(?![\dA-Za-z])\)?/g;
  const out: { value: number; index: number; text: string }[] = [];
  for (const match of line.matchAll(pattern)) {
    const after = line.slice((match.index ?? 0) + match[0].length);
    if (/^\s?%/.test(after)) continue; // a rate such as "VAT 20%", not an amount
    const value = parseAmount(match[0]);
    if (value !== undefined) out.push({ value, index: match.index ?? 0, text: match[0] });
  }
  return out;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  januar: 1,
  februar: 2,
  märz: 3,
  maerz: 3,
  mai: 5,
  juni: 6,
  juli: 7,
  okt: 10,
  dez: 12,
};

function monthNumber(name: string): number | undefined {
  const key = name.toLowerCase().replace(/\.$/, '');
  return MONTHS[key] ?? MONTHS[key.slice(0, 3)];
}

function iso(year: number, month: number, day: number): string | undefined {
  if (year < 100) year += 2000;
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The first date in a piece of text as ISO `YYYY-MM-DD`. Reads `2026-03-14`, `14.03.2026`,
 * `03/14/2026` (month first unless `dayFirst` or the first part cannot be a month), `14-03-2026`, `14 March 2026`,
 * `March 14, 2026`, `14-Mar-2026`.
 */
export function findDate(text: string, opts: { dayFirst?: boolean } = {}): { iso: string; index: number } | undefined {
  const patterns: [RegExp, (m: RegExpExecArray) => string | undefined][] = [
    [/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/, (m) => iso(+m[1]!, +m[2]!, +m[3]!)],
    [/\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b/, (m) => iso(+m[3]!, +m[2]!, +m[1]!)],
    [
      /\b(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b/,
      (m) => (+m[1]! > 12 || (opts.dayFirst && +m[2]! <= 12) ? iso(+m[3]!, +m[2]!, +m[1]!) : iso(+m[3]!, +m[1]!, +m[2]!)),
    ],
    [/\b(\d{1,2})-(\d{1,2})-(\d{4})\b/, (m) => iso(+m[3]!, +m[2]!, +m[1]!)],
    [
      /\b(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-zä]{3,9})\.?[\s-,]+(\d{4})\b/,
      (m) => {
        const month = monthNumber(m[2]!);
        return month ? iso(+m[3]!, month, +m[1]!) : undefined;
      },
    ],
    [
      /\b([A-Za-zä]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/,
      (m) => {
        const month = monthNumber(m[1]!);
        return month ? iso(+m[3]!, month, +m[2]!) : undefined;
      },
    ],
  ];
  let best: { iso: string; index: number } | undefined;
  for (const [pattern, convert] of patterns) {
    const match = pattern.exec(text);
    if (!match) continue;
    const value = convert(match);
    if (value && (!best || match.index < best.index)) best = { iso: value, index: match.index };
  }
  return best;
}

/** Add days to an ISO date. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
