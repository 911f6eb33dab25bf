/**
 * Every identifier a document's header carries that could name a vendor: whole cells (a name or an
 * alias as printed, between column gaps and separators) and runs of up to five words within a cell
 * (a tax id written with spaces, "GB 555 1234 99"), as vendor-master match keys.
 */
import { matchKey } from '../../domain/vendor.js';
import { headerLines } from '../ai/offline/extract.js';

/** The most words one identifier spans. */
const MAX_WORDS = 5;

/** Match keys of the header's cells (names, aliases) and of its word runs (tax ids). */
export function headerIdentifiers(document: string): { cells: string[]; words: string[] } {
  const cells = new Set<string>();
  const words = new Set<string>();
  for (const line of headerLines(document)) {
    // Cells: between column gaps, pipes, " - " dashes, commas, semicolons, and after a label's colon.
    for (const cell of line.split(/\s{2,}|\s+[-–—|]\s+|[,;:|]/)) {
      const key = matchKey(cell);
      if (key.length >= 2) cells.add(key);
      const parts = cell.split(/\s+/).filter(Boolean);
      for (let i = 0; i < parts.length; i++) {
        for (let n = 1; n <= MAX_WORDS && i + n <= parts.length; n++) {
          const run = matchKey(parts.slice(i, i + n).join(''));
          // A tax id has digits; a word run without any is a name fragment, not an identifier.
          if (run.length >= 5 && /\d/.test(run)) words.add(run);
        }
      }
    }
  }
  return { cells: [...cells], words: [...words] };
}
