import { auditExportResponse } from '@/server/audit/export-response';
import { errorResponse } from '@/server/rest/error-response';
import { exportAudit } from '@/server/services/audit';
import { createTrpcContext } from '@/server/trpc';

export const dynamic = 'force-dynamic';

/** The portal's export button: the same export as GET /api/v1/audit/export, for the signed-in user. */
export async function GET(req: Request) {
  try {
    const params = new URL(req.url).searchParams;
    const range = params.get('from') && params.get('to')
      ? { from: new Date(params.get('from')!), to: new Date(params.get('to')!) }
      : { fromSeq: Number(params.get('fromSeq') ?? 1) || undefined, toSeq: Number(params.get('toSeq')) || undefined };
    return auditExportResponse(await exportAudit(await createTrpcContext(), range));
  } catch (error) {
    return errorResponse(error);
  }
}
