import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { TActor } from '@/policies/actor';
import { ROLES, SCOPE_NAMES, type TRole, type TScope } from '@/policies/vocabulary';
import { AppError } from '@/server/errors';
import { dispatchRest } from '@/server/rest/dispatch';
import { REST_ROUTES } from '@/server/rest/routes';
import { appRouter } from '@/server/routers';
import { serviceContext } from '@/server/services/context';
import { createToken } from '@/server/services/tokens';
import { openAppDatabase } from './helpers/app-database';
import { demoActor } from './helpers/demo-actors';

/**
 * Every tRPC procedure and every REST route, tried as anonymous, as each role and (REST)
 * with a token that lacks the route's scope. A procedure or route without a row here fails.
 * Outcomes: 'ok' or the machine-readable error code.
 */
type TOutcome = 'ok' | 'unauthenticated' | 'forbidden' | 'not_found' | 'insufficient_scope';
type TWho = 'anonymous' | TRole;
type TFixture = { userIds: Record<TRole, string>; teamIds: string[]; tokenIds: Record<TRole, string>; restSpareIds: Record<TRole, string> };
type TExpect = Record<TWho, TOutcome>;

const only = (...allowed: TRole[]): TExpect =>
  Object.fromEntries([['anonymous', 'unauthenticated'], ...ROLES.map((r) => [r, allowed.includes(r) ? 'ok' : 'forbidden'])]) as TExpect;
const everyone = (): TExpect => only(...ROLES);
const publicRoute = (): TExpect => Object.fromEntries([['anonymous', 'ok'], ...ROLES.map((r) => [r, 'ok'])]) as TExpect;
const unique = () => randomUUID().slice(0, 8);

const PROCEDURES: Record<string, { input?: (fx: TFixture, who: TWho) => unknown; expect: TExpect }> = {
  'me.get': { expect: publicRoute() },
  'users.list': { expect: everyone() },
  'users.get': {
    input: (fx) => ({ id: fx.userIds.admin }),
    // Others see only themselves: another user's row is hidden (404), not forbidden.
    expect: { ...only('admin', 'governance_officer', 'auditor'), data_owner: 'not_found', data_scientist: 'not_found', ml_engineer: 'not_found' },
  },
  'users.create': {
    input: () => ({ email: `u-${unique()}@test.local`, name: 'New', password: 'long-enough-password', roles: [], teamIds: [] }),
    expect: only('admin'),
  },
  'users.update': {
    input: (fx) => ({ id: fx.userIds.data_scientist, name: `Renamed ${unique()}` }),
    expect: { ...only('admin'), data_scientist: 'forbidden', data_owner: 'not_found', ml_engineer: 'not_found' },
  },
  'teams.list': { expect: everyone() },
  'teams.create': { input: () => ({ name: `Team ${unique()}` }), expect: only('admin') },
  'tokens.list': { expect: everyone() },
  'tokens.create': { input: () => ({ name: `t-${unique()}`, scopes: ['audit:read'], expiresInDays: 1 }), expect: everyone() },
  'tokens.revoke': {
    // Each role revokes the data scientist's spare token: only its owner and admins may.
    input: (fx, who) => ({ id: who === 'admin' ? fx.tokenIds.admin : fx.tokenIds.data_scientist }),
    expect: { ...only('admin', 'data_scientist'), governance_officer: 'not_found', data_owner: 'not_found', ml_engineer: 'not_found', auditor: 'not_found' },
  },
};

const ROUTES: Record<string, { path?: (fx: TFixture, who: TWho) => string; body?: (fx: TFixture) => unknown; expect: TExpect }> = {
  'GET /health': { expect: publicRoute() },
  'GET /openapi.json': { expect: publicRoute() },
  'GET /me': { expect: everyone() },
  'GET /tokens': { expect: everyone() },
  'POST /tokens/{id}/revoke': {
    // Each role revokes a spare token of its own (tokens.revoke above covers someone else's).
    path: (fx, who) => `/tokens/${who === 'anonymous' ? fx.restSpareIds.admin : fx.restSpareIds[who]}/revoke`,
    body: () => ({ reason: 'test' }),
    expect: everyone(),
  },
  'GET /users': { expect: everyone() },
  'POST /users': {
    body: () => ({ email: `r-${unique()}@test.local`, name: 'Via API', password: 'long-enough-password', roles: ['auditor'], teamIds: [] }),
    expect: only('admin'),
  },
};

let database: Awaited<ReturnType<typeof openAppDatabase>>;
let fixture: TFixture;
const actors = {} as Record<TRole, TActor>;
const fullTokens = {} as Record<TRole, string>;
let scopelessToken: Record<string, string>;

before(async () => {
  database = await openAppDatabase();
  const { db } = database;
  for (const role of ROLES) actors[role] = await demoActor(db, role);
  const tokenIds = {} as Record<TRole, string>;
  const restSpareIds = {} as Record<TRole, string>;
  for (const role of ROLES) {
    const ctx = serviceContext(db, actors[role]);
    const full = await createToken(ctx, { name: 'all scopes', scopes: SCOPE_NAMES, expiresInDays: 1 });
    fullTokens[role] = full.secret;
    tokenIds[role] = (await createToken(ctx, { name: 'spare', scopes: ['audit:read'], expiresInDays: 1 })).id;
    restSpareIds[role] = (await createToken(ctx, { name: 'rest spare', scopes: ['audit:read'], expiresInDays: 1 })).id;
  }
  // For each scope, an admin token holding every scope but that one.
  const adminCtx = serviceContext(db, actors.admin);
  scopelessToken = {};
  for (const scope of SCOPE_NAMES) {
    const others = SCOPE_NAMES.filter((s) => s !== scope);
    if (others.length === 0) continue;
    scopelessToken[scope] = (await createToken(adminCtx, { name: `no ${scope}`, scopes: others as [TScope, ...TScope[]], expiresInDays: 1 })).secret;
  }
  fixture = {
    userIds: Object.fromEntries(ROLES.map((r) => [r, (actors[r] as { userId: string }).userId])) as Record<TRole, string>,
    teamIds: (actors.data_scientist as { teamIds: string[] }).teamIds,
    tokenIds,
    restSpareIds,
  };
});
after(() => database?.cleanup());

function outcomeOf(error: unknown): string {
  const cause = error instanceof TRPCError ? error.cause : error;
  if (cause instanceof AppError) return cause.code;
  throw error;
}

test('every tRPC procedure and REST route has a row', () => {
  const procedures = Object.keys(appRouter._def.procedures);
  assert.deepEqual(procedures.filter((p) => !PROCEDURES[p]), [], 'procedures without a row');
  assert.deepEqual(Object.keys(PROCEDURES).filter((p) => !procedures.includes(p)), [], 'rows for procedures that do not exist');
  const routes = REST_ROUTES.map((r) => `${r.method} ${r.path}`);
  assert.deepEqual(routes.filter((r) => !ROUTES[r]), [], 'routes without a row');
  assert.deepEqual(Object.keys(ROUTES).filter((r) => !routes.includes(r)), [], 'rows for routes that do not exist');
});

test('tRPC procedures: anonymous and each role', async () => {
  const failures: string[] = [];
  for (const [path, row] of Object.entries(PROCEDURES)) {
    for (const who of ['anonymous', ...ROLES] as TWho[]) {
      const actor: TActor = who === 'anonymous' ? { type: 'anonymous' } : actors[who];
      const caller = appRouter.createCaller(serviceContext(database.db, actor));
      const procedure = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (i: unknown) => Promise<unknown>;
      let got: string;
      try {
        await procedure(row.input?.(fixture, who));
        got = 'ok';
      } catch (error) {
        got = outcomeOf(error);
      }
      if (got !== row.expect[who]) failures.push(`${path} as ${who}: expected ${row.expect[who]}, got ${got}`);
    }
  }
  assert.deepEqual(failures, []);
});

async function callRest(route: (typeof REST_ROUTES)[number], path: string, token: string | null, body: unknown) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const req = new Request(`http://test/api/v1${path}`, { method: route.method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const res = await dispatchRest(req, path.split('/').filter(Boolean).map(decodeURIComponent));
  if (res.ok) return 'ok';
  return ((await res.json()) as { error: { code: string } }).error.code;
}

test('REST routes: no token, each role’s token, and a token without the scope', async () => {
  const failures: string[] = [];
  for (const route of REST_ROUTES) {
    const row = ROUTES[`${route.method} ${route.path}`]!;
    for (const who of ['anonymous', ...ROLES] as TWho[]) {
      const path = row.path?.(fixture, who) ?? route.path;
      const got = await callRest(route, path, who === 'anonymous' ? null : fullTokens[who], row.body?.(fixture));
      if (got !== row.expect[who]) failures.push(`${route.method} ${route.path} as ${who}: expected ${row.expect[who]}, got ${got}`);
    }
    if (route.scope && scopelessToken[route.scope]) {
      const path = row.path?.(fixture, 'admin') ?? route.path;
      const got = await callRest(route, path, scopelessToken[route.scope]!, row.body?.(fixture));
      if (got !== 'insufficient_scope') failures.push(`${route.method} ${route.path} without ${route.scope}: got ${got}`);
    }
  }
  assert.deepEqual(failures, []);
});
