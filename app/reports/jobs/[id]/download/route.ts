import { errorResponse } from '@/server/rest/error-response';
import { reportJobDownload } from '@/server/rest/routes/reports';
import { openReportJobResult } from '@/server/services/reports';
import { createTrpcContext } from '@/server/trpc';

export const dynamic = 'force-dynamic';

/** A finished report job's file, for the person who asked for it. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    return reportJobDownload(await openReportJobResult(await createTrpcContext(), { id: (await params).id }));
  } catch (error) {
    return errorResponse(error);
  }
}
