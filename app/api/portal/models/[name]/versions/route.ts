import { errorResponse } from '@/server/rest/error-response';
import { registerVersionFromRequest } from '@/server/rest/register-version-request';
import { createTrpcContext } from '@/server/trpc';

export const dynamic = 'force-dynamic';

/**
 * The portal's version upload (XMLHttpRequest, so the page can show progress): the same
 * streaming registration as REST v1, authenticated by the session cookie instead of a token.
 */
export async function POST(req: Request, { params }: { params: Promise<{ name: string }> }) {
  try {
    const ctx = await createTrpcContext();
    return Response.json(await registerVersionFromRequest(ctx, (await params).name, req), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
