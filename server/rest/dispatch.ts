import type { TActor } from '@/policies/actor';
import { recordAudit } from '../audit/transact';
import { env } from '../env';
import { AppError } from '../errors';
import { getDatabase } from '../runtime';
import { serviceContext } from '../services/context';
import { authenticateBearer } from '../services/tokens';
import type { TRestRoute } from './define-route';
import { errorResponse } from './error-response';
import { parse } from './parse-input';
import { readJsonBody } from './read-body';
import { REST_ROUTES } from './routes';

const compiled = REST_ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
}));

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

async function authenticate(route: TRestRoute, req: Request): Promise<TActor> {
  if (route.scope === null) return { type: 'anonymous' };
  const header = req.headers.get('authorization');
  if (!header) throw new AppError('unauthenticated', 'Send an API token as `Authorization: Bearer mgt_…`.');
  const { db } = await getDatabase();
  const actor = await authenticateBearer(db, header);
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

/** Finds the route, authenticates, validates, calls the service, and turns every failure into a JSON error. */
export async function dispatchRest(req: Request, segments: string[]): Promise<Response> {
  try {
    const path = `/${segments.map(encodeURIComponent).join('/')}`;
    const matches = compiled.filter((c) => c.pattern.test(path));
    if (matches.length === 0) throw new AppError('not_found', `No route ${path}.`);
    const match = matches.find((c) => c.route.method === req.method);
    if (!match) throw new AppError('method_not_allowed', `${req.method} is not allowed on ${path}.`);
    const { route } = match;
    const actor = await authenticate(route, req);
    const rawParams = Object.fromEntries(
      Object.entries(match.pattern.exec(path)!.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
    );
    const url = new URL(req.url);
    const input = {
      params: parse(route.params, rawParams, 'path'),
      query: parse(route.query, Object.fromEntries(url.searchParams), 'query'),
      body: route.body ? parse(route.body, await readJsonBody(req, env().MODELGATE_MAX_JSON_BYTES), 'body') : undefined,
    };
    const { db } = await getDatabase();
    const result = await route.handle(serviceContext(db, actor), input, req);
    return result instanceof Response ? result : json(route.successStatus ?? 200, result);
  } catch (error) {
    return errorResponse(error);
  }
}
