import { errorResponse } from '@/server/rest/error-response';
import { generateReport, reportFileResponse } from '@/server/services/reports';
import { createTrpcContext } from '@/server/trpc';

export const dynamic = 'force-dynamic';

/**
 * The portal's export button for a small report: rendered now, its hash recorded, then sent. A
 * report too large for that answers 202 with the queued job (the page asks for a job up front).
 */
export async function GET(req: Request) {
  try {
    const params = new URL(req.url).searchParams;
    const result = await generateReport(await createTrpcContext(), {
      subjectType: params.get('subjectType') as 'ModelVersion',
      subjectId: params.get('subjectId') ?? '',
      format: (params.get('format') ?? 'pdf') as 'pdf',
    });
    if (result.kind === 'file') return reportFileResponse(result.file);
    return Response.json(result.job, { status: 202 });
  } catch (error) {
    return errorResponse(error);
  }
}
