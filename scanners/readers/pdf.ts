// PDF: the text layer of each page; a page with (almost) no text is a scan, so it is rendered and OCR'd.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import { ReadError } from './errors';
import { recognize } from './image';
import { readAll } from './read-all';
import type { TReader } from './source';

/** Fewer visible characters than this and the page is treated as an image. */
const MIN_TEXT_CHARS = 16;
/** Render scale for OCR: about 150 dpi for a PDF's 72-dpi user space. */
const OCR_SCALE = 2;

function standardFontDataUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/').href;
}

export const readPdf: TReader = async function* (source, ctx) {
  const bytes = await readAll(source, ctx, false);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      standardFontDataUrl: standardFontDataUrl(),
      verbosity: 0,
    }).promise;
  } catch (error) {
    ctx.onBytes(bytes.length);
    throw new ReadError('pdf_unreadable', `${source.name} is not a PDF we can parse: ${(error as Error).message}`);
  }
  try {
    let reported = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      ctx.signal?.throwIfAborted();
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join('');
      if (text.replace(/\s/g, '').length < MIN_TEXT_CHARS) {
        const viewport = page.getViewport({ scale: OCR_SCALE });
        const width = Math.ceil(viewport.width);
        const height = Math.ceil(viewport.height);
        if (width * height > ctx.limits.maxImagePixels) {
          throw new ReadError('image_too_large', `Page ${n} of ${source.name} would render at ${width} × ${height} pixels, over the limit.`);
        }
        const canvas = createCanvas(width, height);
        const context = canvas.getContext('2d');
        context.fillStyle = '#fff';
        context.fillRect(0, 0, width, height);
        await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
        text = await recognize(canvas.toBuffer('image/png'), ctx, `page ${n} of ${source.name}`);
      }
      page.cleanup();
      const done = Math.round((bytes.length * n) / doc.numPages);
      ctx.onBytes(done - reported);
      reported = done;
      yield { kind: 'text', text, location: { kind: 'page', page: n, member: ctx.member } };
    }
  } finally {
    await doc.destroy();
  }
};
