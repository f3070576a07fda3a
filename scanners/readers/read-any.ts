// Picks the reader for a file (or archive member) and runs it.
import { readCsv } from './csv';
import { detectFormat, readHead } from './detect-format';
import type { TDatasetFormat } from './formats';
import { readImage } from './image';
import { readJsonLines } from './jsonl';
import { readParquet } from './parquet';
import { readPdf } from './pdf';
import type { TReadContext, TReadEvent, TReader, TSource } from './source';
import { readText } from './text';
import { createZipReader } from './zip';

const READERS: Record<TDatasetFormat, TReader> = {
  csv: readCsv,
  jsonl: readJsonLines,
  parquet: readParquet,
  text: readText,
  pdf: readPdf,
  png: readImage,
  jpeg: readImage,
  tiff: readImage,
  zip: createZipReader(readAny),
};

export async function sniffFormat(source: TSource): Promise<TDatasetFormat> {
  return detectFormat(source.name, await readHead(await source.open()));
}

export async function* readAny(source: TSource, ctx: TReadContext): AsyncGenerator<TReadEvent> {
  yield* READERS[await sniffFormat(source)](source, ctx);
}
