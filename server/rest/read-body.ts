import { AppError } from '../errors';

/** Reads a JSON body, refusing other media types (415), bodies over the limit (413) and malformed JSON (400). */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new AppError('unsupported_media_type', 'Send the body as application/json.');
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new AppError('payload_too_large', `The body is over ${maxBytes} bytes.`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new AppError('payload_too_large', `The body is over ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid_json', `The body is not valid JSON: ${(error as Error).message}`);
  }
}
