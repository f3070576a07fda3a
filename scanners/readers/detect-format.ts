// Which reader a file goes to: magic bytes first, then the extension. A text format whose first
// bytes look binary is refused rather than scanned as gibberish.
import { ReadError } from './errors';
import type { TDatasetFormat } from './formats';

const MAGIC: Array<[TDatasetFormat, (b: Buffer) => boolean]> = [
  ['pdf', (b) => b.toString('latin1', 0, 5) === '%PDF-'],
  ['zip', (b) => b.readUInt32LE(0) === 0x04034b50 || b.readUInt32LE(0) === 0x06054b50],
  ['png', (b) => b.readUInt32BE(0) === 0x89504e47],
  ['jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['tiff', (b) => ['II*\0', 'MM\0*'].includes(b.toString('latin1', 0, 4))],
  ['parquet', (b) => b.toString('latin1', 0, 4) === 'PAR1'],
];

const BY_EXTENSION: Record<string, TDatasetFormat> = {
  csv: 'csv', tsv: 'csv', tab: 'csv',
  jsonl: 'jsonl', ndjson: 'jsonl',
  parquet: 'parquet',
  pdf: 'pdf',
  png: 'png', jpg: 'jpeg', jpeg: 'jpeg', tif: 'tiff', tiff: 'tiff',
  zip: 'zip',
};

const TEXT_FORMATS = new Set<TDatasetFormat>(['csv', 'jsonl', 'text']);

/** Control characters other than tab, newlines and form feed in the first bytes mean "not text". */
function looksBinary(head: Buffer): boolean {
  if (head[0] === 0xff && head[1] === 0xfe) return false; // UTF-16 LE BOM
  if (head[0] === 0xfe && head[1] === 0xff) return false; // UTF-16 BE BOM
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  }
  return control > head.length * 0.02;
}

/** `head` is the first bytes of the file (4 KiB is enough). */
export function detectFormat(name: string, head: Buffer): TDatasetFormat {
  if (head.length === 0) throw new ReadError('empty_file', `${name} is empty.`);
  const padded = head.length >= 8 ? head : Buffer.concat([head, Buffer.alloc(8 - head.length)]);
  const magic = MAGIC.find(([, test]) => test(padded));
  if (magic) return magic[0];
  const byName = BY_EXTENSION[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'text';
  if (TEXT_FORMATS.has(byName) && looksBinary(head)) {
    throw new ReadError('binary_content', `${name} looks like binary data, not ${byName === 'text' ? 'text' : byName.toUpperCase()}: its first bytes hold control characters.`);
  }
  return byName;
}

/** Reads the first bytes of a stream and stops it. */
export async function readHead(stream: AsyncIterable<Buffer> & { destroy?(): void }, bytes = 4096): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= bytes) break;
  }
  stream.destroy?.();
  return Buffer.concat(chunks).subarray(0, bytes);
}
