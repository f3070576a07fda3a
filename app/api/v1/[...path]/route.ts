import { dispatchRest } from '@/server/rest/dispatch';

export const dynamic = 'force-dynamic';

type TContext = { params: Promise<{ path: string[] }> };

async function handler(req: Request, { params }: TContext) {
  return dispatchRest(req, (await params).path);
}
export { handler as GET, handler as POST, handler as PATCH, handler as DELETE };
