import { sessionActor } from '@/server/auth/options';
import { AppError, toAppError, toErrorBody } from '@/server/errors';
import { reportJobDownload } from '@/server/rest/routes/reports';
import { getDatabase } from '@/server/runtime';
import { serviceContext } from '@/server/services/context';
import { openReportJobResult } from '@/server/services/reports';

export const dynamic = 'force-dynamic';

/** A finished report job's file, for the person who asked for it. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const actor = await sessionActor();
    if (!actor) throw new AppError('unauthenticated', 'Sign in first.');
    const { db } = await getDatabase();
    const { id } = await params;
    return reportJobDownload(await openReportJobResult(serviceContext(db, actor), { id }));
  } catch (error) {
    const appError = toAppError(error);
    return Response.json(toErrorBody(appError), { status: appError.status });
  }
}
