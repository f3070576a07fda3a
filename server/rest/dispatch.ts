import type { TActor } from '@/policies/actor';
import { recordAudit } from '../audit/transact';
import { env } from '../env';
import { AppError, toAppError, toErrorBody } from '../errors';
import { getDatabase } from '../runtime';
import { serviceContext } from '../services/context';
import { authenticateBearer } from '../services/tokens';
import type { TRestRoute } from './define-route';
import { parse } from './parse-input';
import { readJsonBody } from './read-body';
import { REST_ROUTES } from './routes';

interface TCompiledRoute {
  route: TRestRoute;
  pattern: RegExp;
  /** The parameter names in path order, to read the match by position. */
  names: string[];
}

const compiled: TCompiledRoute[] = REST_ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/\{(\w+)\}/g, '([^/]+)')}$`),
  names: [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
}));

/** Routes by their number of path segments: a request is matched against a handful of patterns, not all. */
const bySegments = new Map<number, TCompiledRoute[]>();
for (const c of compiled) {
  const n = c.route.path.split('/').length - 1;
  bySegments.set(n, [...(bySegments.get(n) ?? []), c]);
}

/**
 * One REST call as the dispatcher needs it, whatever serves it: Next's route handler gives a Web
 * Request; the standalone node:http server (server/rest/node-server.ts) gives the raw request and
 * builds a Web Request only for the routes that read it themselves (bodies, uploads).
 */
export interface TRestCall {
  method: string;
  /** Path segments after /api/v1, decoded. */
  segments: string[];
  /** The query string, with or without its leading "?". */
  search: string;
  header(name: string): string | null;
  request(): Request;
  /** request() returns an existing object (nothing to build). */
  hasWebRequest?: boolean;
}

/** What the dispatcher answers: a JSON body with its status, or a Response a route built itself (streams). */
export type TRestReply = { status: number; body: string } | Response;

const JSON_HEADERS = { 'content-type': 'application/json' };

async function authenticate(route: TRestRoute, call: TRestCall): Promise<TActor> {
  if (route.scope === null) return { type: 'anonymous' };
  const header = call.header('authorization');
  if (!header) throw new AppError('unauthenticated', 'Send an API token as `Authorization: Bearer mgt_…`.');
  const database = await getDatabase();
  const { db } = database;
  const actor = await authenticateBearer(database, header);
  if (actor.type === 'token' && !actor.scopes.includes(route.scope)) {
    await recordAudit(db, actor, {
      action: 'access.denied',
      subject: { type: 'Route', id: `${route.method} ${route.path}` },
      data: { action: route.method, reason: `missing scope ${route.scope}` },
      outcome: 'denied',
    });
    throw new AppError('insufficient_scope', `This token lacks the ${route.scope} scope.`);
  }
  return actor;
}

function errorReply(error: unknown): TRestReply {
  const appError = toAppError(error);
  if (appError.code === 'internal') console.error(error);
  return { status: appError.status, body: JSON.stringify(toErrorBody(appError)) };
}

/** Finds the route, authenticates, validates, calls the service, and turns every failure into a JSON error. */
export async function handleRest(call: TRestCall): Promise<TRestReply> {
  try {
    const path = `/${call.segments.map(encodeURIComponent).join('/')}`;
    const candidates = bySegments.get(call.segments.length) ?? [];
    let found: { c: TCompiledRoute; groups: RegExpExecArray } | undefined;
    let pathKnown = false;
    for (const c of candidates) {
      const groups = c.pattern.exec(path);
      if (!groups) continue;
      pathKnown = true;
      if (c.route.method === call.method) {
        found = { c, groups };
        break;
      }
    }
    if (!pathKnown) throw new AppError('not_found', `No route ${path}.`);
    if (!found) throw new AppError('method_not_allowed', `${call.method} is not allowed on ${path}.`);
    const { route } = found.c;
    const actor = await authenticate(route, call);
    const rawParams: Record<string, string> = {};
    found.c.names.forEach((name, i) => (rawParams[name] = decodeURIComponent(found.groups[i + 1]!)));
    // A Web Request is built only when it is at hand already (Next) or the route reads it: a JSON body,
    // an upload, or a handler declaring the third parameter.
    const needsRequest = call.hasWebRequest || route.body || route.upload || route.handle.length > 2;
    const req = needsRequest ? call.request() : (undefined as unknown as Request);
    const input = {
      params: parse(route.params, rawParams, 'path'),
      query: route.query ? parse(route.query, Object.fromEntries(new URLSearchParams(call.search)), 'query') : undefined,
      body: route.body ? parse(route.body, await readJsonBody(req, env().MODELGATE_MAX_JSON_BYTES), 'body') : undefined,
    };
    const { db } = await getDatabase();
    const result = await route.handle(serviceContext(db, actor), input, req);
    return result instanceof Response ? result : { status: route.successStatus ?? 200, body: JSON.stringify(result) };
  } catch (error) {
    return errorReply(error);
  }
}

/** The dispatcher for a Web Request (Next's app/api/v1 route handler, tests). */
export async function dispatchRest(req: Request, segments: string[]): Promise<Response> {
  const url = new URL(req.url);
  const reply = await handleRest({
    method: req.method,
    segments,
    search: url.search,
    header: (name) => req.headers.get(name),
    request: () => req,
    hasWebRequest: true,
  });
  return reply instanceof Response ? reply : new Response(reply.body, { status: reply.status, headers: JSON_HEADERS });
}
