/**
 * What the offline reader looks at, and in what shape. Every rule of the reader is a regular
 * expression over one line; bounding the lines and folding long runs of white space keeps each of
 * them linear, so no document (a megabyte of spaces, tabs, pipes or digits) can hold a thread.
 */

/** The reader looks at this many lines at most: far more than any real invoice has. */
export const MAX_READER_LINES = 5000;
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

/** The lines of a document the reader looks at: bounded in number and width, long gaps folded. */
export function boundedLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < MAX_READER_LINES && start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    // Cut before folding, so the work per line is bounded whatever the line's length.
    const raw = text.slice(start, Math.min(end, start + MAX_LINE_CHARS * 16));
    lines.push(raw.replace(/\r/g, '').replace(LONG_GAP, ' '.repeat(MAX_GAP)).slice(0, MAX_LINE_CHARS));
    start = end + 1;
  }
  return lines;
}

/** The document as the reader sees it, as one text. */
export function boundedText(text: string): string {
  return boundedLines(text).join('\n');
}
