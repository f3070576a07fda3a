// Bytes → text, streaming. UTF-8 is the default; a BOM selects UTF-16 LE/BE. Mixed encodings are
// contained rather than refused: a line that is not valid UTF-8 is decoded as Windows-1252 (what such
// lines almost always are), so its content is still scanned, and the scan notes how many lines it was.
import type { Readable } from 'node:stream';
import { ReadError } from './errors';
import type { TReadContext } from './source';

const LF = 0x0a;
/** A run of bytes without a newline longer than this is decoded as it stands (a long line must not pile up). */
const MAX_CARRY = 1 << 20;

type TEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

function sniffBom(bytes: Uint8Array): { encoding: TEncoding; skip: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return { encoding: 'utf-8', skip: 0 };
}

/** Where a split leaves no UTF-8 sequence cut in two: back off over continuation bytes. */
function utf8Boundary(bytes: Uint8Array, end: number): number {
  let i = end;
  while (i > 0 && end - i < 4 && (bytes[i - 1]! & 0xc0) === 0x80) i--;
  return i > 0 && bytes[i - 1]! >= 0xc0 ? i - 1 : end;
}

export async function* decodeText(stream: Readable, ctx: TReadContext): AsyncGenerator<string> {
  let encoding: TEncoding | undefined;
  let utf16: TextDecoder | undefined;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const latin = new TextDecoder('windows-1252');
  let carry: Uint8Array = new Uint8Array(0);
  let fallbackLines = 0;
  let line = 1;

  const decodeUtf8 = (block: Uint8Array): string => {
    try {
      return utf8.decode(block);
    } catch {
      const parts: string[] = [];
      for (let start = 0; start < block.length; ) {
        const nl = block.indexOf(LF, start);
        const end = nl === -1 ? block.length : nl + 1;
        const piece = block.subarray(start, end);
        try {
          parts.push(utf8.decode(piece));
        } catch {
          fallbackLines++;
          if (fallbackLines === 1) ctx.warn(`Line ${line + parts.length} is not valid UTF-8; it and any like it were read as Windows-1252.`);
          parts.push(latin.decode(piece));
        }
        start = end;
      }
      return parts.join('');
    }
  };

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    ctx.signal?.throwIfAborted();
    ctx.onBytes(chunk.length);
    let bytes: Uint8Array = chunk;
    if (!encoding) {
      const bom = sniffBom(bytes);
      encoding = bom.encoding;
      bytes = bytes.subarray(bom.skip);
      if (encoding !== 'utf-8') utf16 = new TextDecoder(encoding, { fatal: true });
    }
    if (utf16) {
      try {
        yield utf16.decode(bytes, { stream: true });
      } catch {
        throw new ReadError('invalid_encoding', `The file starts with a ${encoding} byte-order mark but holds bytes that are not ${encoding}.`);
      }
      continue;
    }
    const joined = carry.length ? Buffer.concat([carry, bytes]) : bytes;
    let cut = joined.lastIndexOf(LF) + 1;
    if (cut === 0 && joined.length > MAX_CARRY) cut = utf8Boundary(joined, joined.length);
    carry = joined.subarray(cut);
    if (cut > 0) {
      const text = decodeUtf8(joined.subarray(0, cut));
      line += countLines(text);
      yield text;
    }
  }
  if (utf16) {
    try {
      const rest = utf16.decode();
      if (rest) yield rest;
    } catch {
      throw new ReadError('invalid_encoding', `The file ends inside a ${encoding} character.`);
    }
  } else if (carry.length) yield decodeUtf8(carry);
  if (fallbackLines > 1) ctx.warn(`${fallbackLines} lines in all were read as Windows-1252 (mixed encodings).`);
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
