import type { TAuditExport } from './export';

/** Streams an export as a JSON Lines download (REST API and the portal's export button). */
export function auditExportResponse(exp: TAuditExport): Response {
  const lines = exp.lines();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await lines.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const name = `modelgate-audit-${exp.header.fromSeq}-${exp.header.toSeq}.jsonl`;
  return new Response(body, {
    headers: {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'x-modelgate-head-hash': exp.checkpoint.headHash,
    },
  });
}
