import { sessionActor } from '@/server/auth/options';
import { AppError, toAppError, toErrorBody } from '@/server/errors';
import { getDatabase } from '@/server/runtime';
import { serviceContext } from '@/server/services/context';
import { generateReport, reportFileResponse } from '@/server/services/reports';

export const dynamic = 'force-dynamic';

/**
 * The portal's export button for a small report: rendered now, its hash recorded, then sent. A
 * report too large for that answers 202 with the queued job (the page asks for a job up front).
 */
export async function GET(req: Request) {
  try {
    const actor = await sessionActor();
    if (!actor) throw new AppError('unauthenticated', 'Sign in first.');
    const { db } = await getDatabase();
    const params = new URL(req.url).searchParams;
    const result = await generateReport(serviceContext(db, actor), {
      subjectType: params.get('subjectType') as 'ModelVersion',
      subjectId: params.get('subjectId') ?? '',
      format: (params.get('format') ?? 'pdf') as 'pdf',
    });
    if (result.kind === 'file') return reportFileResponse(result.file);
    return Response.json(result.job, { status: 202 });
  } catch (error) {
    const appError = toAppError(error);
    return Response.json(toErrorBody(appError), { status: appError.status });
  }
}

