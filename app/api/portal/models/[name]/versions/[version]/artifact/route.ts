import { artifactResponse } from '@/server/rest/artifact-response';
import { errorResponse } from '@/server/rest/error-response';
import { parse } from '@/server/rest/parse-input';
import { openArtifact, ZVersionRefSchema } from '@/server/services/models';
import { createTrpcContext } from '@/server/trpc';

export const dynamic = 'force-dynamic';

/** Download from the version page, for those the policy lets export the version. */
export async function GET(_req: Request, { params }: { params: Promise<{ name: string; version: string }> }) {
  try {
    const ctx = await createTrpcContext();
    return artifactResponse(await openArtifact(ctx, parse(ZVersionRefSchema, await params, 'path')));
  } catch (error) {
    return errorResponse(error);
  }
}
