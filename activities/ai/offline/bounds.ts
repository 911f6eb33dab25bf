/**
 * What the offline reader looks at, and in what shape. Every rule of the reader is a regular
 * expression over one line; bounding the lines and folding long runs of white space keeps each of
 * them linear, so no document (a megabyte of spaces, tabs, pipes or digits) can hold a thread.
 */

/**
 * The reader looks at this many lines at most, far more than any real invoice has: the first ones
 * (where the header and the table start) and the last ones (where the totals are).
 */
export const MAX_READER_LINES = 5000;
const TAIL_LINES = 1000;
/** And this many characters of a line: wider than any real invoice layout. */
export const MAX_LINE_CHARS = 300;
/** White space longer than this is a column gap like any other: it is folded to this length. */
const MAX_GAP = 8;

const LONG_GAP = new RegExp(`[ \\t\\u00a0]{${MAX_GAP + 1},}`, 'g');
const LONG_SPACES = new RegExp(` {${MAX_GAP + 1},}`, 'g');

/** Fold runs of spaces longer than a column gap (after tabs and pipes became spaces). */
export function foldSpaces(line: string): string {
  return line.replace(LONG_SPACES, ' '.repeat(MAX_GAP));
}

function boundLine(raw: string): string {
  // Cut before folding, so the work per line is bounded whatever the line's length.
  return raw
    .slice(0, MAX_LINE_CHARS * 16)
    .replace(/\r/g, '')
    .replace(LONG_GAP, ' '.repeat(MAX_GAP))
    .slice(0, MAX_LINE_CHARS);
}

/** The lines of a document the reader looks at: bounded in number and width, long gaps folded. */
export function boundedLines(text: string): string[] {
  const lines: string[] = [];
  const headLines = MAX_READER_LINES - TAIL_LINES;
  let start = 0;
  while (lines.length < headLines && start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lines.push(boundLine(text.slice(start, Math.min(end, start + MAX_LINE_CHARS * 16))));
    start = end + 1;
  }
  if (start > text.length) return lines;
  // A longer document: its last lines too, found from the end.
  let tailStart = text.length;
  for (let n = 0; n < TAIL_LINES; n++) {
    const newline = text.lastIndexOf('\n', tailStart - 2);
    if (newline < start) {
      tailStart = start;
      break;
    }
    tailStart = newline + 1;
  }
  const tail: string[] = [];
  let at = tailStart;
  while (at <= text.length) {
    let end = text.indexOf('\n', at);
    if (end === -1) end = text.length;
    tail.push(boundLine(text.slice(at, Math.min(end, at + MAX_LINE_CHARS * 16))));
    at = end + 1;
  }
  return [...lines, ...tail.slice(-TAIL_LINES)];
}

/** The document as the reader sees it, as one text. */
export function boundedText(text: string): string {
  return boundedLines(text).join('\n');
}
