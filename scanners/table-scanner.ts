// Scans a table row by row. 'full' feeds every value through the column profile as it arrives;
// 'sampled' keeps a uniform reservoir sample per column and scans it at the end. Either way memory
// does not grow with the number of rows.
import type { TFinding } from './types';
import { ColumnProfile } from './column-profile';
import { decideColumn, type TColumnVerdict } from './column-classifier';
import { maskValue } from './mask';

export interface TTableScanOptions {
  columns: readonly string[];
  mode: 'full' | 'sampled';
  /** Rows kept per column in sampled mode (default 1000). */
  sampleSize?: number;
  /** Random source for the reservoir, for reproducible samples (default Math.random). */
  random?: () => number;
}

export interface TTableScanner {
  addRow(values: readonly (string | null | undefined)[]): void;
  /** One finding per column holding PII. */
  finish(): TFinding[];
  /** The verdict for every column, PII or not (for explanations of clean columns). */
  verdicts(): { column: string; verdict: TColumnVerdict }[];
}

/** Missing, empty or only white space (checked without trimming when the first character is not a space). */
const isNull = (v: string | null | undefined) => v == null || v === '' || (v.charCodeAt(0) <= 32 || v.charCodeAt(0) >= 127 ? v.trim() === '' : false);

export function createTableScanner(options: TTableScanOptions): TTableScanner {
  const sampleSize = options.sampleSize ?? 1000;
  const random = options.random ?? Math.random;
  const columns = options.columns.map((name) => ({ name, nulls: 0, profile: new ColumnProfile(name), reservoir: [] as string[], seen: 0 }));
  let rows = 0;
  let decided: { column: string; verdict: TColumnVerdict }[] | null = null;

  const decide = () => {
    decided ??= columns.map((c) => {
      if (options.mode === 'sampled') for (const v of c.reservoir) c.profile.add(v);
      return { column: c.name, verdict: decideColumn(c.name, c.profile, { nullCount: c.nulls, totalCount: rows }) };
    });
    return decided;
  };

  return {
    addRow(values) {
      if (decided) throw new Error('table scanner already finished');
      rows++;
      for (let i = 0; i < columns.length; i++) {
        const c = columns[i]!;
        const v = values[i];
        if (isNull(v)) {
          c.nulls++;
          continue;
        }
        if (options.mode === 'full') {
          c.profile.add(v!);
          continue;
        }
        // Algorithm R: the k-th non-null value replaces a random slot with probability size/k.
        c.seen++;
        if (c.reservoir.length < sampleSize) c.reservoir.push(v!);
        else {
          const slot = Math.floor(random() * c.seen);
          if (slot < sampleSize) c.reservoir[slot] = v!;
        }
      }
    },
    verdicts: decide,
    finish() {
      const scope = options.mode === 'sampled' ? `a sample of up to ${sampleSize} of ${rows} rows` : `all ${rows} rows`;
      return decide().flatMap(({ column, verdict }): TFinding[] =>
        verdict.entityType
          ? [
              {
                location: { kind: 'column', column },
                entityType: verdict.entityType,
                count: verdict.count,
                confidence: verdict.confidence,
                detector: verdict.detector,
                explanation: `${verdict.explanation} Scanned ${scope}.`,
                maskedSamples: [...new Set(verdict.sampleValues.map((v) => maskValue(verdict.entityType!, v)))],
              },
            ]
          : [],
      );
    },
  };
}
