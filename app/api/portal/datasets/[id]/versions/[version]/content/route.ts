import { artifactResponse } from '@/server/rest/artifact-response';
import { errorResponse } from '@/server/rest/error-response';
import { parse } from '@/server/rest/parse-input';
import { openVersionContent, ZVersionContentRefSchema } from '@/server/services/datasets';
import { createTrpcContext } from '@/server/trpc';

export const dynamic = 'force-dynamic';

/** Download from the dataset version page: the same gate as REST v1 (a live grant for confidential or restricted content), by session. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string; version: string }> }) {
  try {
    const ctx = await createTrpcContext();
    return artifactResponse(await openVersionContent(ctx, parse(ZVersionContentRefSchema, await params, 'path')));
  } catch (error) {
    return errorResponse(error);
  }
}
