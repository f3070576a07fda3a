// Plain text: scanned in chunks of about 64K characters cut at a line break (or, in a very long
// line, at a space), so memory stays flat whatever the file or line length.
import { decodeText } from './decode-text';
import { ReadError } from './errors';
import type { TReader } from './source';

const CHUNK = 64 * 1024;
/** How far back from the chunk end to look for a line break or space to cut at. */
const CUT_WINDOW = 2048;

function cutPoint(text: string): number {
  const floor = text.length - CUT_WINDOW;
  const nl = text.lastIndexOf('\n');
  if (nl >= floor) return nl + 1;
  const space = text.lastIndexOf(' ');
  return space >= floor ? space + 1 : text.length;
}

export const readText: TReader = async function* (source, ctx) {
  let buffer = '';
  let line = 1;
  let any = false;
  const lines = (s: string) => s.split('\n').length - 1;
  for await (const text of decodeText(await source.open(), ctx)) {
    buffer += text;
    while (buffer.length >= CHUNK) {
      const cut = cutPoint(buffer.slice(0, CHUNK));
      const piece = buffer.slice(0, cut);
      buffer = buffer.slice(cut);
      any ||= piece.trim().length > 0;
      yield { kind: 'text', text: piece, location: { kind: 'text', line, member: ctx.member } };
      line += lines(piece);
    }
  }
  if (buffer.trim()) {
    any = true;
    yield { kind: 'text', text: buffer, location: { kind: 'text', line, member: ctx.member } };
  }
  if (!any) throw new ReadError('empty_file', 'The file holds no text.');
};
