import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import { dispatchRest } from '@/server/rest/dispatch';

/**
 * The REST v1 dispatcher behind a plain node:http server on loopback (what app/api/v1 does
 * under `next start`, without Next): for CLI tests and the approval-status bench.
 */
export async function startRestServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://127.0.0.1');
    const request = new Request(url, { method: req.method, headers: req.headers as Record<string, string> });
    const response = await dispatchRest(request, url.pathname.replace(/^\/api\/v1\//, '').split('/').map(decodeURIComponent));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) Readable.fromWeb(response.body as never).pipe(res);
    else res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
