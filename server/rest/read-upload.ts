import { Readable, pipeline } from 'node:stream';
import type { ReadableStream as TWebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { AppError } from '../errors';

/** The header that carries metadata with a raw (application/octet-stream) body: base64url of its JSON. */
export const METADATA_HEADER = 'modelgate-metadata';

export interface TUpload {
  /** The parsed metadata JSON, not yet validated. */
  metadata: unknown;
  /** The file bytes, streamed from the request as they arrive. */
  artifact: Readable;
}

function parseMetadata(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid_json', `The metadata is not valid JSON: ${(error as Error).message}`);
  }
}

function requestStream(req: Request): Readable {
  if (!req.body) throw new AppError('invalid_input', 'The request has no body.');
  return Readable.fromWeb(req.body as TWebReadableStream<Uint8Array>);
}

/**
 * Reads an artifact upload without buffering it: either multipart/form-data with a `metadata`
 * field (JSON) before an `artifact` file part, or a raw application/octet-stream body with the
 * metadata in the Modelgate-Metadata header. Resolves as soon as the file starts; the caller
 * consumes `artifact`, and a body that breaks off makes that stream fail.
 */
export async function readUpload(req: Request, limits: { maxArtifactBytes: number; maxMetadataBytes: number }): Promise<TUpload> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > limits.maxArtifactBytes + limits.maxMetadataBytes) {
    throw new AppError('payload_too_large', `The upload is over the limit of ${limits.maxArtifactBytes} bytes.`);
  }
  const type = req.headers.get('content-type') ?? '';
  if (/^application\/octet-stream\b/i.test(type)) {
    const header = req.headers.get(METADATA_HEADER);
    if (!header) throw new AppError('invalid_input', `Send the metadata in the ${METADATA_HEADER} header (base64url JSON).`);
    return { metadata: parseMetadata(Buffer.from(header, 'base64url').toString('utf8')), artifact: requestStream(req) };
  }
  if (/^multipart\/form-data\b/i.test(type)) return readMultipart(req, type, limits.maxMetadataBytes);
  throw new AppError('unsupported_media_type', 'Send the artifact as multipart/form-data or application/octet-stream.');
}

function readMultipart(req: Request, type: string, maxMetadataBytes: number): Promise<TUpload> {
  return new Promise((resolve, reject) => {
    let metadata: string | undefined;
    let artifact: Readable | undefined;
    const fail = (error: Error) => (artifact ? artifact.destroy(error) : reject(error));
    const parser = busboy({
      headers: { 'content-type': type },
      limits: { fields: 1, files: 1, fieldSize: maxMetadataBytes },
    });
    parser.on('field', (name, value, info) => {
      if (name !== 'metadata') return fail(new AppError('invalid_input', `Unexpected form field "${name}": send "metadata", then "artifact".`));
      if (info.valueTruncated) return fail(new AppError('payload_too_large', `The metadata is over ${maxMetadataBytes} bytes.`));
      metadata = value;
    });
    parser.on('file', (name, stream) => {
      if (name !== 'artifact' || metadata === undefined) {
        stream.resume();
        return fail(new AppError('invalid_input', 'The form needs a "metadata" field first, then the "artifact" file.'));
      }
      try {
        const parsed = parseMetadata(metadata);
        artifact = stream;
        resolve({ metadata: parsed, artifact: stream });
      } catch (error) {
        stream.resume();
        fail(error as Error);
      }
    });
    for (const limit of ['filesLimit', 'fieldsLimit'] as const) {
      parser.on(limit, () => fail(new AppError('invalid_input', 'Send one "metadata" field and one "artifact" file.')));
    }
    parser.on('close', () => {
      if (!artifact) reject(new AppError('invalid_input', 'The form has no "artifact" file.'));
    });
    // pipeline, unlike pipe, passes a broken-off request on to the parser and so to the file stream.
    pipeline(requestStream(req), parser, (error) => {
      if (error) fail(error);
    });
  });
}
