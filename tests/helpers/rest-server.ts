import type { Server } from 'node:http';
import { createRestServer } from '@/server/rest/node-server';

/**
 * The REST v1 API on the standalone node:http server (server/rest/node-server.ts, the same
 * dispatcher app/api/v1 runs under `next start`) on loopback: for CLI tests and the approval-status bench.
 */
export async function startRestServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createRestServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
