/**
 * What changed between two versions of a piece: a line diff (longest common subsequence) of their
 * Markdown, as added and removed lines with the unchanged ones counted, for an editor to read.
 */

/** One changed line. */
export interface DiffLine {
  op: '+' | '-';
  line: string;
}

/** The changes from `before` to `after`. */
export interface VersionDiff {
  added: number;
  removed: number;
  unchanged: number;
  /** The changed lines in order (at most 200; `truncated` says when there were more). */
  lines: DiffLine[];
  truncated: boolean;
}

const MAX_LINES = 200;

/** Diff two texts line by line. */
export function diffLines(before: string, after: string): VersionDiff {
  const a = before.split('\n').filter((l) => l.trim() !== '');
  const b = after.split('\n').filter((l) => l.trim() !== '');
  // LCS lengths, from the end: lcs[i][j] is the common length of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  let unchanged = 0;
  let added = 0;
  let removed = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      unchanged++;
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      lines.push({ op: '+', line: b[j++]! });
      added++;
    } else {
      lines.push({ op: '-', line: a[i++]! });
      removed++;
    }
  }
  return { added, removed, unchanged, lines: lines.slice(0, MAX_LINES), truncated: lines.length > MAX_LINES };
}
