// Parquet with hyparquet (pure JS): read one row group at a time, so memory is bounded by the
// largest row group, not the file. Snappy is built in; other codecs are reported as unreadable.
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer } from 'hyparquet';
import { ReadError } from './errors';
import { readAll } from './read-all';
import type { TReader } from './source';

function cell(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  return String(value);
}

export const readParquet: TReader = async function* (source, ctx) {
  let file: AsyncBuffer;
  if (source.path) {
    file = await asyncBufferFromFile(source.path);
  } else {
    const bytes = await readAll(source, ctx, false);
    file = { byteLength: bytes.length, slice: async (start, end) => bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + (end ?? bytes.length)) as ArrayBuffer };
  }
  const fail = (error: unknown): never => {
    if (error instanceof ReadError || (error as Error).name === 'AbortError') throw error;
    throw new ReadError('parquet_unreadable', `${source.name} is not a Parquet file we can read: ${(error as Error).message}`);
  };
  const metadata = await parquetMetadataAsync(file).catch(fail);
  // Top-level fields only: nested groups arrive as objects and are scanned as their JSON.
  const topLevel = parquetSchema(metadata).children.map((child) => child.element.name);
  yield { kind: 'columns', columns: topLevel, member: ctx.member };
  let rowStart = 0;
  let reported = 0;
  for (const group of metadata.row_groups) {
    ctx.signal?.throwIfAborted();
    const rowEnd = rowStart + Number(group.num_rows);
    const rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd }).catch(fail);
    for (const row of rows) yield { kind: 'row', values: topLevel.map((c) => cell(row[c])) };
    rowStart = rowEnd;
    const done = Math.round((source.size * rowEnd) / Number(metadata.num_rows || 1));
    ctx.onBytes(done - reported);
    reported = done;
  }
};
