// modelgate serve --env <environment> [--port 8080]: the serving layer as its own process
// (server/serving/serve-main.ts). It runs in this process (TypeScript through tsx's loader), so
// signals reach the server itself: SIGTERM finishes in-flight requests and exits.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

export async function main(argv) {
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  // Migrations are found from the repository, wherever the command is run.
  process.env.MODELGATE_ROOT ??= fileURLToPath(new URL('..', import.meta.url));
  const { main: serve } = await import('../server/serving/serve-main.ts');
  const code = await serve(argv);
  // Stopped: exit even if a library left a handle open.
  setTimeout(() => process.exit(code), 500).unref();
  return code;
}
