// Streaming per-column statistics: what the column classifier decides from. Memory stays bounded
// whatever the number of values added (distinct values are counted up to a cap, samples are few).
import { ColumnMatcher, type TPlanEntry } from './column-matcher';

const DISTINCT_CAP = 1000;
const SAMPLES_PER_TYPE = 3;

/** No white space at either end (so trim() would return the value itself). */
function isTrimmed(v: string): boolean {
  if (!v) return true;
  const a = v.charCodeAt(0);
  const b = v.charCodeAt(v.length - 1);
  return a > 32 && a < 127 && b > 32 && b < 127;
}

/** /^-?\d+(?:\.\d+)?$/ without a regular expression. */
function isNumeric(v: string): boolean {
  let i = v.charCodeAt(0) === 45 ? 1 : 0;
  const start = i;
  while (i < v.length && v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) i++;
  if (i === start) return false;
  if (i === v.length) return true;
  if (v.charCodeAt(i) !== 46) return false;
  const fraction = ++i;
  while (i < v.length && v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) i++;
  return i > fraction && i === v.length;
}

export interface TTypeTally {
  /** Values with at least one match of this type. */
  hits: number;
  /** Values that are, as a whole, one match of this type (a match covering at least 80% of the value). */
  whole: number;
  /** Matches that passed their validator. */
  valid: number;
  invalid: number;
  testValues: number;
  confidenceSum: number;
  matches: number;
  detector: string;
  samples: string[];
}

export class ColumnProfile {
  /** Finds matches in values, with the column name read as words ("cc_number" -> "cc number: ") in
   *  front of each as the context word a bare value lacks. */
  private readonly matcher: ColumnMatcher;
  scanned = 0;
  totalLength = 0;
  numeric = 0;
  readonly distinct = new Set<string>();
  readonly tallies = new Map<string, TTypeTally>();
  /** Raw values kept for format checks of name/place columns; bounded like the distinct set. */
  readonly shapes: string[] = [];

  constructor(columnName: string) {
    const last = columnName.split(/[.[\]/$]+/).filter(Boolean).pop() ?? columnName;
    this.matcher = new ColumnMatcher(last.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[^\p{L}\p{N}]+/gu, ' ').trim() + ': ');
  }

  add(value: string): void {
    const v = isTrimmed(value) ? value : value.trim();
    if (!v) return;
    this.scanned++;
    this.totalLength += v.length;
    if (isNumeric(v)) this.numeric++;
    if (this.distinct.size < DISTINCT_CAP) this.distinct.add(v);
    if (this.shapes.length < DISTINCT_CAP) this.shapes.push(v);
    const plan = this.matcher.plan(v);
    for (let i = 0; i < plan.length; i++) this.tally(plan[i]!, v);
  }

  private tally(e: TPlanEntry, value: string): void {
    let t = this.tallies.get(e.entityType);
    if (!t) {
      t = { hits: 0, whole: 0, valid: 0, invalid: 0, testValues: 0, confidenceSum: 0, matches: 0, detector: e.detector, samples: [] };
      this.tallies.set(e.entityType, t);
    }
    t.hits++;
    if (e.whole) t.whole++;
    t.matches += e.matches;
    t.confidenceSum += e.confidenceSum;
    t.valid += e.valid;
    t.invalid += e.invalid;
    t.testValues += e.testValues;
    for (let i = 0; i < e.spans.length && t.samples.length < SAMPLES_PER_TYPE; i += 2) {
      const end = e.spans[i + 1]!;
      t.samples.push(value.slice(e.spans[i]!, end < 0 ? value.length : end));
    }
  }

  get averageLength(): number {
    return this.scanned ? this.totalLength / this.scanned : 0;
  }

  /** Distinct values, or a lower bound once the cap is reached. */
  get distinctCount(): { count: number; capped: boolean } {
    return { count: this.distinct.size, capped: this.distinct.size >= DISTINCT_CAP };
  }
}
