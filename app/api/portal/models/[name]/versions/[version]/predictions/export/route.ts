import { errorResponse } from '@/server/rest/error-response';
import { exportPredictions, predictionExportResponse } from '@/server/services/predictions';
import { createTrpcContext } from '@/server/trpc';

export const dynamic = 'force-dynamic';

/** The version page's export link: the same export as the REST API, for the signed-in user (audited). */
export async function GET(req: Request, { params }: { params: Promise<{ name: string; version: string }> }) {
  try {
    const ctx = await createTrpcContext();
    const query = Object.fromEntries(new URL(req.url).searchParams);
    return predictionExportResponse(await exportPredictions(ctx, { ...(await params), ...query }));
  } catch (error) {
    return errorResponse(error);
  }
}
