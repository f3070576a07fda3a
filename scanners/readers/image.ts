// PNG, JPEG and TIFF images: size checked from the header, then OCR. TIFF (which tesseract cannot
// read) is decoded with utif2 and handed over as PNG, one page per TIFF directory.
import { createCanvas, ImageData } from '@napi-rs/canvas';
import UTIF from 'utif2';
import { ReadError } from './errors';
import { readImageHeader } from './image-header';
import { readAll } from './read-all';
import type { TReadContext, TReader } from './source';

function assertPixels(width: number, height: number, ctx: TReadContext, name: string) {
  if (width * height > ctx.limits.maxImagePixels) {
    throw new ReadError('image_too_large', `${name} is ${width} × ${height} pixels; the limit is ${ctx.limits.maxImagePixels.toLocaleString('en-US')} pixels.`);
  }
}

/** Renders RGBA pixels as a PNG, the form the OCR engine reads. */
export function rgbaToPng(rgba: Uint8Array, width: number, height: number): Buffer {
  const canvas = createCanvas(width, height);
  canvas.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength), width, height), 0, 0);
  return canvas.toBuffer('image/png');
}

function tiffPages(bytes: Buffer, ctx: TReadContext, name: string): Buffer[] {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  // Tags 256/257 hold a directory's width and height before its pixels are decoded.
  const size = (ifd: UTIF.IFD) => [Number((ifd.t256 as number[] | undefined)?.[0] ?? 0), Number((ifd.t257 as number[] | undefined)?.[0] ?? 0)] as const;
  const pages = UTIF.decode(buffer).filter((ifd) => size(ifd)[0] > 0 && size(ifd)[1] > 0);
  return pages.map((ifd) => {
    assertPixels(...size(ifd), ctx, name);
    UTIF.decodeImage(buffer, ifd);
    return rgbaToPng(UTIF.toRGBA8(ifd), ifd.width, ifd.height);
  });
}

export async function recognize(image: Buffer, ctx: TReadContext, name: string): Promise<string> {
  try {
    return await ctx.ocr.recognize(image);
  } catch (error) {
    throw new ReadError('image_unreadable', `${name} could not be read as an image: ${(error as Error).message ?? error}`);
  }
}

export const readImage: TReader = async function* (source, ctx) {
  const bytes = await readAll(source, ctx);
  const header = readImageHeader(bytes);
  if (!header || !header.width || !header.height) throw new ReadError('image_unreadable', `${source.name} has no PNG, JPEG or TIFF header we can read.`);
  assertPixels(header.width, header.height, ctx, source.name);
  let images: Buffer[];
  try {
    images = header.format === 'tiff' ? tiffPages(bytes, ctx, source.name) : [bytes];
  } catch (error) {
    if (error instanceof ReadError) throw error;
    throw new ReadError('image_unreadable', `${source.name} is not a TIFF we can decode: ${(error as Error).message}`);
  }
  for (const [i, image] of images.entries()) {
    ctx.signal?.throwIfAborted();
    yield { kind: 'text', text: await recognize(image, ctx, source.name), location: { kind: 'page', page: i + 1, member: ctx.member } };
  }
};
