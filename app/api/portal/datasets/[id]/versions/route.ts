import { errorResponse } from '@/server/rest/error-response';
import { uploadDatasetVersionFromRequest } from '@/server/rest/upload-dataset-version-request';
import { createTrpcContext } from '@/server/trpc';

export const dynamic = 'force-dynamic';

/** The portal's dataset upload (XMLHttpRequest, for upload progress): REST v1's streaming upload, with the session cookie. */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const ctx = await createTrpcContext();
    return Response.json(await uploadDatasetVersionFromRequest(ctx, (await params).id, req), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
