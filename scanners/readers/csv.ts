// CSV/TSV: the first record names the columns; values stream through row by row.
import { CsvParser, sniffDelimiter } from './csv-parser';
import { decodeText } from './decode-text';
import { ReadError } from './errors';
import type { TReadEvent, TReader } from './source';

const SNIFF_CHARS = 64 * 1024;

/** Names for a header row: blanks become column_N and repeats get a suffix. */
export function columnNames(header: readonly string[], from = 0): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, i) => {
    const base = raw.trim() || `column_${from + i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

export const readCsv: TReader = async function* (source, ctx) {
  let parser: CsvParser | undefined;
  let pending = '';
  let columns: string[] | undefined;

  function* emit(rows: string[][]): Generator<TReadEvent> {
    for (const row of rows) {
      if (!columns) {
        columns = columnNames(row);
        yield { kind: 'columns', columns, member: ctx.member };
        continue;
      }
      if (row.length > columns.length) {
        // Extra values are kept under their own columns, never dropped.
        columns = [...columns, ...columnNames(row.slice(columns.length).map(() => ''), columns.length)];
        yield { kind: 'columns', columns, member: ctx.member };
      }
      yield { kind: 'row', values: row };
    }
  }

  const start = () => {
    parser = new CsvParser(sniffDelimiter(pending, /\.tsv$/i.test(source.name) ? '\t' : undefined), ctx.limits.maxRecordChars);
    const rows = parser.push(pending);
    pending = '';
    return rows;
  };
  for await (const text of decodeText(await source.open(), ctx)) {
    if (parser) yield* emit(parser.push(text));
    else if ((pending += text).length >= SNIFF_CHARS) yield* emit(start());
  }
  if (!parser) yield* emit(start());
  yield* emit(parser!.end());
  if (!columns) throw new ReadError('empty_file', 'The file holds no header row.');
};
