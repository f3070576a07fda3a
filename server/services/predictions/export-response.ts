import type { TPredictionExport } from './export-predictions';

const MEDIA_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' } as const;
/** Lines are sent in chunks of about this many bytes, not one network write per row. */
const CHUNK = 64 * 1024;

/** Streams an export as a download (REST API and the portal's export link). */
export function predictionExportResponse(exp: TPredictionExport): Response {
  const lines = exp.lines();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk = '';
      while (chunk.length < CHUNK) {
        const { value, done } = await lines.next();
        if (done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += value;
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      'content-type': MEDIA_TYPES[exp.format],
      'content-disposition': `attachment; filename="${exp.fileName}"`,
    },
  });
}
