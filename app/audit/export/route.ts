import { getDatabase } from '@/server/runtime';
import { sessionActor } from '@/server/auth/options';
import { auditExportResponse } from '@/server/audit/export-response';
import { AppError, toAppError, toErrorBody } from '@/server/errors';
import { exportAudit } from '@/server/services/audit';
import { serviceContext } from '@/server/services/context';

export const dynamic = 'force-dynamic';

/** The portal's export button: the same export as GET /api/v1/audit/export, for the signed-in user. */
export async function GET(req: Request) {
  try {
    const actor = await sessionActor();
    if (!actor) throw new AppError('unauthenticated', 'Sign in first.');
    const { db } = await getDatabase();
    const params = new URL(req.url).searchParams;
    const range = params.get('from') && params.get('to')
      ? { from: new Date(params.get('from')!), to: new Date(params.get('to')!) }
      : { fromSeq: Number(params.get('fromSeq') ?? 1) || undefined, toSeq: Number(params.get('toSeq')) || undefined };
    return auditExportResponse(await exportAudit(serviceContext(db, actor), range));
  } catch (error) {
    const appError = toAppError(error);
    return Response.json(toErrorBody(appError), { status: appError.status });
  }
}
