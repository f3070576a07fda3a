// Scans one file end to end: the reader streams rows or pages, the table scanner classifies each
// column, text is scanned per page or chunk, and the findings classify the file. Pure: no database.
import { classifyDataset } from './dataset-classification';
import { describe } from './entities';
import { ColumnTypeTally, type TColumnType } from './readers/column-types';
import type { TDatasetFormat } from './readers/formats';
import { readAny, sniffFormat } from './readers/read-any';
import { DEFAULT_READ_LIMITS, type TReadLimits, type TSource } from './readers/source';
import type { TOcr } from './readers/ocr-pool';
import { scanText } from './scan-text';
import { createTableScanner, type TTableScanner } from './table-scanner';
import { summariseTextMatches } from './text-findings';
import type { TClassification, TFinding } from './types';

export interface TScanFileOptions {
  mode?: 'full' | 'sampled';
  ocr: TOcr;
  limits?: Partial<TReadLimits>;
  signal?: AbortSignal;
  /** Bytes of the file consumed so far; called often, so throttle any I/O it does. */
  onProgress?(bytesRead: number): void;
}

export interface TScanReport {
  format: TDatasetFormat;
  /** Tables only (summed over archive members). */
  rowCount: number | null;
  columns: { name: string; type: TColumnType }[] | null;
  findings: TFinding[];
  classification: TClassification;
  reasons: string[];
  warnings: string[];
}

interface TColumnState {
  name: string;
  scanner: TTableScanner;
  types: ColumnTypeTally;
}

/** One table (a file, or one archive member): a single-column scanner per column, so columns can appear late. */
class TableState {
  readonly columns: TColumnState[] = [];
  rows = 0;
  constructor(
    private readonly mode: 'full' | 'sampled',
    readonly member: string | undefined,
  ) {}

  setColumns(names: readonly string[]) {
    for (const name of names.slice(this.columns.length)) {
      const scanner = createTableScanner({ columns: [name], mode: this.mode });
      for (let i = 0; i < this.rows; i++) scanner.addRow([null]); // rows before the column appeared hold nothing in it
      this.columns.push({ name, scanner, types: new ColumnTypeTally() });
    }
  }

  /** One reused single-value row for the per-column scanners (no array per value). */
  private readonly one: (string | null | undefined)[] = [null];

  addRow(values: readonly (string | null | readonly string[])[]) {
    this.rows++;
    const one = this.one;
    for (let i = 0; i < this.columns.length; i++) {
      const column = this.columns[i]!;
      const value = values[i];
      if (typeof value === 'string' || value == null) {
        one[0] = value;
        column.scanner.addRow(one);
        if (value) column.types.add(value);
      } else {
        for (const item of value) {
          one[0] = item;
          column.scanner.addRow(one);
          column.types.add(item);
        }
      }
    }
  }

  findings(): TFinding[] {
    return this.columns.flatMap((c) =>
      c.scanner.finish().map((f) => ({ ...f, location: { kind: 'column' as const, column: c.name, member: this.member } })),
    );
  }
}

/** Plain text arrives in chunks; their findings are merged per entity type so a long file reads as one. */
function mergeTextFindings(findings: TFinding[]): TFinding[] {
  const merged = new Map<string, TFinding & { parts: number; firstLine?: number }>();
  for (const f of findings) {
    if (f.location.kind !== 'text') continue;
    const key = `${f.location.member ?? ''}\u0000${f.entityType}`;
    const m = merged.get(key);
    if (!m) {
      merged.set(key, { ...f, location: { kind: 'text', member: f.location.member }, parts: 1, firstLine: f.location.line });
      continue;
    }
    m.count += f.count;
    m.parts++;
    m.confidence = Math.max(m.confidence, f.confidence);
    m.maskedSamples = [...new Set([...m.maskedSamples, ...f.maskedSamples])].slice(0, 3);
  }
  return [...merged.values()].map(({ parts, firstLine, ...f }) => ({
    ...f,
    explanation:
      parts === 1
        ? f.explanation
        : `${f.count} ${describe(f.entityType).label} found in ${parts} parts of the text, the first around line ${firstLine}. ${f.explanation.replace(/^\d+ /, 'First part: ')}`,
  }));
}

export async function scanFile(source: TSource, options: TScanFileOptions): Promise<TScanReport> {
  const mode = options.mode ?? 'full';
  const limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const format = await sniffFormat(source);
  const warnings: string[] = [];
  const tables: TableState[] = [];
  const findings: TFinding[] = [];
  let bytes = 0;
  const ctx = {
    limits,
    ocr: options.ocr,
    signal: options.signal,
    warn: (message: string) => warnings.push(message),
    onBytes: (n: number) => {
      bytes += n;
      options.onProgress?.(bytes);
    },
  };
  let table: TableState | undefined;
  let lastYield = performance.now();
  for await (const event of readAny(source, ctx)) {
    // Scanning is CPU-bound: give timers and I/O (heartbeats, other requests) a turn every 50 ms.
    if (performance.now() - lastYield > 50) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    if (event.kind === 'text') {
      findings.push(...summariseTextMatches(event.location, scanText(event.text)));
      continue;
    }
    if (event.kind === 'columns') {
      // A new member starts a new table; the same member announcing more columns grows its table.
      if (!table || table.member !== event.member) {
        table = new TableState(mode, event.member);
        tables.push(table);
      }
      table.setColumns(event.columns);
    } else table!.addRow(event.values);
  }
  const allFindings = [
    ...tables.flatMap((t) => t.findings()),
    ...findings.filter((f) => f.location.kind === 'page'),
    ...mergeTextFindings(findings),
  ];
  const { classification, reasons } = classifyDataset(allFindings);
  return {
    format,
    rowCount: tables.length ? tables.reduce((n, t) => n + t.rows, 0) : null,
    columns: tables.length
      ? tables.flatMap((t) => t.columns.map((c) => ({ name: t.member ? `${t.member}:${c.name}` : c.name, type: c.types.type })))
      : null,
    findings: allFindings,
    classification,
    reasons,
    warnings,
  };
}
