import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { handleRest, type TRestCall } from './dispatch';

const PREFIX = '/api/v1/';

/** The Web Request of a node request, with its body streamed (for routes that read bodies and uploads). */
function webRequest(req: IncomingMessage, url: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of [value].flat()) headers.append(name, v);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(url, {
    method: req.method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
  } as RequestInit);
}

/**
 * Serves one request to /api/v1/… with the REST dispatcher, straight on node:http: the same routes,
 * authentication and services as under Next (app/api/v1), without building Web Request and
 * Response objects for JSON answers. For pipelines' hot paths (approval status) and the CLI tests.
 */
export async function serveRest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const pathname = q < 0 ? raw : raw.slice(0, q);
  if (!pathname.startsWith(PREFIX)) {
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_found', message: `No route ${pathname}.` } }));
    return;
  }
  let segments: string[];
  try {
    segments = pathname.slice(PREFIX.length).split('/').map(decodeURIComponent);
  } catch {
    res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'invalid_input', message: 'The path is not valid percent-encoding.' } }));
    return;
  }
  const call: TRestCall = {
    method: req.method ?? 'GET',
    segments,
    search: q < 0 ? '' : raw.slice(q),
    header: (name) => {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    request: () => webRequest(req, `http://${req.headers.host ?? '127.0.0.1'}${raw}`),
  };
  const reply = await handleRest(call);
  if (!(reply instanceof Response)) {
    res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply.body) }).end(reply.body);
    return;
  }
  res.writeHead(reply.status, Object.fromEntries(reply.headers));
  if (!reply.body) return void res.end();
  await pipeline(Readable.fromWeb(reply.body as never), res).catch(() => res.destroy());
}

/** A node:http server answering the REST API under /api/v1 (listen on it yourself). */
export function createRestServer(): Server {
  return createServer((req, res) => {
    serveRest(req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end();
    });
  });
}
