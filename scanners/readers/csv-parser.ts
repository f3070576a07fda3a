// A streaming RFC 4180 parser: quoted fields with "" escapes and embedded newlines, CRLF or LF.
// Text after a closing quote is kept as part of the field (as spreadsheets do) rather than refused.
import { ReadError } from './errors';

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

export class CsvParser {
  private carry = '';
  private records = 0;
  private readonly delimiter: number;

  constructor(
    delimiter: string,
    private readonly maxRecordChars: number,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Parses what is complete in `text` (appended to any unfinished record) and returns the records. */
  push(text: string): string[][] {
    const s = this.carry ? this.carry + text : text;
    const { rows, consumed } = this.parse(s, false);
    this.carry = s.slice(consumed);
    if (this.carry.length > this.maxRecordChars) {
      const quoted = this.carry.charCodeAt(0) === QUOTE || this.carry.includes(',"') || this.carry.includes('\t"');
      throw new ReadError(
        'record_too_large',
        `Record ${this.records + 1} is longer than ${this.maxRecordChars} characters${quoted ? '; a quote that is never closed often causes this' : ''}.`,
      );
    }
    return rows;
  }

  /** The last record, which needs no trailing newline. */
  end(): string[][] {
    const { rows } = this.parse(this.carry, true);
    this.carry = '';
    return rows;
  }

  private parse(s: string, final: boolean): { rows: string[][]; consumed: number } {
    const rows: string[][] = [];
    const len = s.length;
    const delim = this.delimiter;
    let pos = 0;
    records: while (pos < len) {
      const row: string[] = [];
      let p = pos;
      for (;;) {
        let value: string;
        if (s.charCodeAt(p) === QUOTE) {
          value = '';
          let q = p + 1;
          for (;;) {
            const close = s.indexOf('"', q);
            if (close === -1 || (close + 1 === len && !final)) {
              if (!final) break records;
              throw new ReadError('csv_unclosed_quote', `Record ${this.records + rows.length + 1} opens a quoted field that is never closed.`);
            }
            if (s.charCodeAt(close + 1) === QUOTE) {
              value += s.slice(q, close + 1);
              q = close + 2;
              continue;
            }
            value += s.slice(q, close);
            p = close + 1;
            break;
          }
          // Stray text after the closing quote belongs to the field.
          let j = p;
          for (let c = s.charCodeAt(j); j < len && c !== delim && c !== LF && c !== CR; c = s.charCodeAt(++j));
          if (j > p) value += s.slice(p, j);
          p = j;
        } else {
          let j = p;
          for (let c = s.charCodeAt(j); j < len && c !== delim && c !== LF && c !== CR; c = s.charCodeAt(++j));
          value = s.slice(p, j);
          p = j;
        }
        if (p >= len && !final) break records;
        row.push(value);
        if (s.charCodeAt(p) === delim) {
          p++;
          if (p >= len && !final) break records;
          if (p >= len) {
            row.push('');
            break;
          }
          continue;
        }
        break;
      }
      // End of record: CRLF, LF, CR or the end of the text.
      if (s.charCodeAt(p) === CR) p++;
      if (s.charCodeAt(p) === LF) p++;
      else if (p >= len && !final) break;
      pos = p;
      if (!(row.length === 1 && row[0] === '')) rows.push(row);
    }
    this.records += rows.length;
    return { rows, consumed: pos };
  }
}

const CANDIDATES = [',', '\t', ';', '|'];

/** Picks the delimiter that splits the first lines into the same number of fields most consistently. */
export function sniffDelimiter(sample: string, preferred?: string): string {
  const lines = sample.split(/\r?\n/).slice(0, 30);
  if (lines.length > 1 && !sample.endsWith('\n')) lines.pop(); // the last line may be cut short
  let best = preferred ?? ',';
  let bestScore = -1;
  for (const d of CANDIDATES) {
    const counts = lines.filter((l) => l.length).map((l) => countOutsideQuotes(l, d));
    if (!counts.length || counts[0] === 0) continue;
    const mode = counts.filter((c) => c === counts[0]).length;
    const score = mode / counts.length + (d === preferred ? 0.01 : 0) + counts[0]! * 1e-4;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) n++;
  }
  return n;
}
