// What readers consume and what they produce. Readers are pure: bytes in, rows or text out.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type { TLocation } from '../types';
import type { TOcr } from './ocr-pool';

export interface TSource {
  /** File name, or member path inside an archive: the extension helps pick the format. */
  name: string;
  size: number;
  /** A fresh stream of the bytes from the start. */
  open(): Readable | Promise<Readable>;
  /** A local file holding the same bytes, for readers that need random access (zip, parquet). */
  path?: string;
}

export function fileSource(path: string, size: number, name = basename(path)): TSource {
  return { name, size, path, open: () => createReadStream(path) };
}

export async function sourceFromFile(path: string, name?: string): Promise<TSource> {
  return fileSource(path, (await stat(path)).size, name);
}

/** Limits that keep a hostile or broken file from exhausting memory or time. */
export interface TReadLimits {
  /** Longest CSV/JSONL record, in characters. */
  maxRecordChars: number;
  /** Largest image, in pixels, checked from the header before anything is decoded. */
  maxImagePixels: number;
  zipMaxEntries: number;
  /** Sum of uncompressed member sizes, counted on the bytes actually inflated. */
  zipMaxTotalBytes: number;
  /** Uncompressed / compressed, per member and overall. */
  zipMaxRatio: number;
  /** Largest member or file read into memory (PDF, image, parquet inside a zip). */
  maxBufferedBytes: number;
}

export const DEFAULT_READ_LIMITS: TReadLimits = {
  maxRecordChars: 1 << 20,
  maxImagePixels: 50_000_000,
  zipMaxEntries: 10_000,
  zipMaxTotalBytes: 4 * 1024 ** 3,
  zipMaxRatio: 200,
  maxBufferedBytes: 256 * 1024 ** 2,
};

export interface TReadContext {
  limits: TReadLimits;
  ocr: TOcr;
  /** Called with the number of bytes of the top-level file consumed since the last call. */
  onBytes(bytes: number): void;
  /** Notes about what was contained rather than refused (e.g. lines decoded as Windows-1252). */
  warn(message: string): void;
  signal?: AbortSignal;
  /** Archive member being read, for locations. */
  member?: string;
}

/** What readers yield: the columns of a table (again whenever new ones appear), its rows, or text of a page/region. */
export type TReadEvent =
  | { kind: 'columns'; columns: readonly string[]; member?: string }
  /** Values line up with the latest columns; a shorter row means nulls. An array value is several values of one cell. */
  | { kind: 'row'; values: readonly (string | null | readonly string[])[] }
  | { kind: 'text'; text: string; location: TLocation };

export type TReader = (source: TSource, ctx: TReadContext) => AsyncGenerator<TReadEvent>;
