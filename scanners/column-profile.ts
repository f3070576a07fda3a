// Streaming per-column statistics: what the column classifier decides from. Memory stays bounded
// whatever the number of values added (distinct values are counted up to a cap, samples are few).
import type { TMatch } from './types';
import { ColumnMatcher } from './column-matcher';

const DISTINCT_CAP = 1000;
const SAMPLES_PER_TYPE = 3;

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
    const v = value.trim();
    if (!v) return;
    this.scanned++;
    this.totalLength += v.length;
    if (/^-?\d+(?:\.\d+)?$/.test(v)) this.numeric++;
    if (this.distinct.size < DISTINCT_CAP) this.distinct.add(v);
    if (this.shapes.length < DISTINCT_CAP) this.shapes.push(v);
    const seen = new Set<string>();
    for (const m of this.matcher.matches(v)) this.tally(m, v, seen);
  }

  private tally(m: TMatch, value: string, seen: Set<string>): void {
    let t = this.tallies.get(m.entityType);
    if (!t) {
      t = { hits: 0, whole: 0, valid: 0, invalid: 0, testValues: 0, confidenceSum: 0, matches: 0, detector: m.detector, samples: [] };
      this.tallies.set(m.entityType, t);
    }
    if (!seen.has(m.entityType)) {
      seen.add(m.entityType);
      t.hits++;
      if (m.end - m.start >= 0.8 * value.length) t.whole++;
    }
    t.matches++;
    t.confidenceSum += m.confidence;
    if (m.validation === 'valid') t.valid++;
    else if (m.validation === 'invalid-checksum') t.invalid++;
    else if (m.validation === 'test-value') t.testValues++;
    if (t.samples.length < SAMPLES_PER_TYPE) t.samples.push(m.value);
  }

  get averageLength(): number {
    return this.scanned ? this.totalLength / this.scanned : 0;
  }

  /** Distinct values, or a lower bound once the cap is reached. */
  get distinctCount(): { count: number; capped: boolean } {
    return { count: this.distinct.size, capped: this.distinct.size >= DISTINCT_CAP };
  }
}
