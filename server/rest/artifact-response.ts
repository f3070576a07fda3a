import { Readable } from 'node:stream';

/**
 * Streams an artifact download. The body errors (the connection is cut) if the stored bytes
 * no longer match their hash, so a client never receives a silently corrupt file complete.
 */
export function artifactResponse(artifact: { stream: Readable; sha256: string; size: number; fileName: string }): Response {
  return new Response(Readable.toWeb(artifact.stream) as ReadableStream<Uint8Array>, {
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(artifact.size),
      'content-disposition': `attachment; filename="${artifact.fileName}"`,
      digest: `sha-256=${Buffer.from(artifact.sha256, 'hex').toString('base64')}`,
      'x-artifact-sha256': artifact.sha256,
    },
  });
}
