import { ReadError } from './errors';
import type { TReadContext, TSource } from './source';

/** Reads a whole (bounded) file into memory, for formats that need all of it at once (PDF, images, parquet in a zip). */
export async function readAll(source: TSource, ctx: TReadContext, countProgress = true): Promise<Buffer> {
  if (source.size > ctx.limits.maxBufferedBytes) {
    throw new ReadError('member_too_large', `${source.name} is ${source.size} bytes; files of this format are read whole, up to ${ctx.limits.maxBufferedBytes} bytes.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of (await source.open()) as AsyncIterable<Buffer>) {
    ctx.signal?.throwIfAborted();
    size += chunk.length;
    if (size > ctx.limits.maxBufferedBytes) throw new ReadError('member_too_large', `${source.name} is larger than ${ctx.limits.maxBufferedBytes} bytes.`);
    if (countProgress) ctx.onBytes(chunk.length);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
