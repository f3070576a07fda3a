// The entry of `modelgate serve --env <environment> [--port 8080] [--host 127.0.0.1]`: the serving
// layer of one environment in its own process, on the portal's database (DATABASE_URL, or the
// PGlite folder under MODELGATE_DATA_DIR when no portal holds it) and artifact store.
// SIGTERM/SIGINT: stop accepting, finish in-flight requests (their predictions committed), exit 0.
import { parseArgs } from 'node:util';

const USAGE = `usage: modelgate serve --env <environment> [--port 8080] [--host 127.0.0.1]
  --env NAME    the environment whose deployed versions this process serves (required)
  --port N      port to listen on (default 8080; 0 picks a free one)
  --host ADDR   address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
env: DATABASE_URL (or MODELGATE_DATA_DIR for PGlite), MODELGATE_MAX_JSON_BYTES`;

export async function main(argv: string[]): Promise<number> {
  let values: { env?: string; port?: string; host?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { env: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean' } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help || !values.env || (values.port !== undefined && !/^\d{1,5}$/.test(values.port))) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  // A serving process neither seeds demo data nor runs scan workers unless told to.
  process.env.MODELGATE_SEED_DEMO ??= '0';
  process.env.MODELGATE_SCAN_WORKERS = '0';
  const { getDatabase } = await import('../runtime');
  const { getArtifactStore } = await import('../storage/runtime-store');
  const { env } = await import('../env');
  const { startServeServer } = await import('./serve-server');
  const database = await getDatabase();
  let server: Awaited<ReturnType<typeof startServeServer>>;
  try {
    server = await startServeServer({
      database,
      environment: values.env,
      store: await getArtifactStore(),
      port: values.port === undefined ? 8080 : Number(values.port),
      host: values.host,
      maxBodyBytes: env().MODELGATE_MAX_JSON_BYTES,
    });
  } catch (error) {
    console.error(`modelgate serve: ${(error as Error).message}`);
    await database.close();
    return 1;
  }
  const models = server.runtime.describe();
  console.log(`[serve] ${values.env} on ${database.kind}: listening on ${server.url} (${models.length} model(s): ${models.map((m) => `${m.model} v${m.version}${m.refusal ? ` refused: ${m.refusal}` : ''}`).join(', ') || 'none deployed'})`);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      // A second signal while stopping changes nothing: in-flight requests still finish.
      if (stopping) return;
      stopping = true;
      console.log(`[serve] ${signal}: finishing in-flight requests`);
      void server
        .close()
        .then(() => database.close())
        .then(
          () => resolve(0),
          (error: unknown) => {
            console.error('[serve] stop failed', error);
            resolve(1);
          },
        );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
}
