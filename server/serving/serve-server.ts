// `modelgate serve`: the serving layer as its own process, for one environment, on a plain
// node:http server. It answers the same paths as the portal's REST routes
// (POST /api/v1/serve/{env}/models/{name}[/versions/{version}]/predict) with the same code
// (server/serving/predict.ts), so a client only changes the base URL.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { TDatabase } from '@/db/client';
import { recordAudit } from '../audit/transact';
import { AppError, toAppError, toErrorBody } from '../errors';
import { serviceContext, type TServiceContext } from '../services/context';
import { authenticateBearer } from '../services/tokens';
import type { ArtifactStore } from '../storage/artifact-store';
import { predict } from './predict';
import { ServingRuntime } from './runtime';

const PREDICT_PATH = /^\/api\/v1\/serve\/([^/]+)\/models\/([^/]+)(?:\/versions\/([^/]+))?\/predict$/;
const HEALTH_PATHS = new Set(['/health', '/api/v1/health']);

export interface TServeServerOptions {
  database: TDatabase;
  environment: string;
  store: ArtifactStore;
  port?: number;
  host?: string;
  /** Largest JSON body in bytes (413 above it). */
  maxBodyBytes: number;
  refreshMs?: number;
}

export interface TServeServer {
  url: string;
  runtime: ServingRuntime;
  /** Graceful stop: no new connections or requests, in-flight requests finish (their predictions committed), then the runtime and recorder close. */
  close(): Promise<void>;
}

/** The caller's token (from the process's token cache when it authenticated recently), which must carry serving:predict. */
async function authenticate(database: TDatabase, header: string | undefined): Promise<TServiceContext> {
  if (!header) throw new AppError('unauthenticated', 'Send an API token as `Authorization: Bearer mgt_…` (scope serving:predict).');
  const actor = await authenticateBearer(database, header);
  if (actor.type === 'token' && !actor.scopes.includes('serving:predict')) {
    await recordAudit(database.db, actor, {
      action: 'access.denied',
      subject: { type: 'Route', id: 'POST /serve/{env}/models/{name}/predict' },
      data: { action: 'POST', reason: 'missing scope serving:predict' },
      outcome: 'denied',
    });
    throw new AppError('insufficient_scope', 'This token lacks the serving:predict scope.');
  }
  return serviceContext(database.db, actor);
}

/** Reads a JSON body with a size limit: 415 for another media type, 413 over the limit, 400 for malformed JSON. */
function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) return Promise.reject(new AppError('unsupported_media_type', 'Send the body as application/json.'));
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) return Promise.reject(new AppError('payload_too_large', `The body is over ${maxBytes} bytes.`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        reject(new AppError('payload_too_large', `The body is over ${maxBytes} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (error) => reject(error));
    req.on('end', () => {
      if (failed) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks, size).toString('utf8')));
      } catch (error) {
        reject(new AppError('invalid_json', `The body is not valid JSON: ${(error as Error).message}`));
      }
    });
  });
}

function send(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
  if (close) headers.connection = 'close';
  res.writeHead(status, headers).end(text);
}

/** Starts the environment's runtime (deployed versions loaded and verified) and then the HTTP server. */
export async function startServeServer(options: TServeServerOptions): Promise<TServeServer> {
  const runtime = await ServingRuntime.start(options.database, options.environment, { store: options.store, refreshMs: options.refreshMs });
  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | null = null;

  async function handle(req: IncomingMessage, res: ServerResponse, startedAt: number): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (HEALTH_PATHS.has(path) && req.method === 'GET') {
      send(res, draining ? 503 : 200, { status: draining ? 'stopping' : 'ok', environment: runtime.environment, models: runtime.describe() });
      return;
    }
    const match = PREDICT_PATH.exec(path);
    if (!match) throw new AppError('not_found', `No route ${path}. Predictions: POST /api/v1/serve/${runtime.environment}/models/{name}/predict.`);
    if (req.method !== 'POST') throw new AppError('method_not_allowed', `${req.method} is not allowed on ${path}.`);
    const [env, name, version] = match.slice(1).map((part) => (part === undefined ? undefined : decodeURIComponent(part)));
    if (env !== runtime.environment) throw new AppError('not_found', `This server serves ${runtime.environment}, not ${env}.`);
    if (version !== undefined && !/^[1-9]\d{0,8}$/.test(version)) throw new AppError('invalid_input', `Invalid path: version must be a positive integer, got ${JSON.stringify(version)}.`);
    const ctx = await authenticate(options.database, req.headers.authorization);
    const body = await readJson(req, options.maxBodyBytes);
    const answer = await predict(runtime, ctx, { env, name: name!, version: version === undefined ? undefined : Number(version) }, body, startedAt);
    send(res, 200, answer, draining);
  }

  const server: Server = createServer((req, res) => {
    const startedAt = performance.now();
    inFlight++;
    const finish = () => {
      inFlight--;
      if (draining && inFlight === 0) drained?.();
    };
    if (draining) {
      send(res, 503, toErrorBody(new AppError('serving_unavailable', 'This serving process is stopping; retry on another.')), true);
      finish();
      return;
    }
    handle(req, res, startedAt)
      .catch((error: unknown) => {
        const appError = toAppError(error);
        if (appError.code === 'internal') console.error('[serving]', error);
        // A body left unread (refused before or while reading it) cannot share the connection with the next request.
        send(res, appError.status, toErrorBody(appError), draining || !req.complete);
      })
      .finally(finish);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as { address: string; port: number };
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${address.port}`,
    runtime,
    close() {
      closing ??= (async () => {
        draining = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
        // Keep-alive connections idle between requests are closed; answered ones were sent with `connection: close`.
        server.closeIdleConnections();
        const stuck = setTimeout(() => server.closeAllConnections(), 10_000);
        await stopped;
        clearTimeout(stuck);
        await runtime.close();
        await runtime.recorder.close();
      })();
      return closing;
    },
  };
}
