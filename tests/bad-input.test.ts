import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { apiTokens, auditEvents, users } from '@/db/schema';
import { signInWithPassword } from '@/server/auth/sign-in';
import { dispatchRest } from '@/server/rest/dispatch';
import { serviceContext } from '@/server/services/context';
import { createToken, revokeToken } from '@/server/services/tokens';
import { openAppDatabase } from './helpers/app-database';
import { demoActor } from './helpers/demo-actors';

let database: Awaited<ReturnType<typeof openAppDatabase>>;
let adminToken: string;

before(async () => {
  database = await openAppDatabase();
  const admin = await demoActor(database.db, 'admin');
  adminToken = (await createToken(serviceContext(database.db, admin), { name: 'ci', scopes: ['users:write', 'users:read', 'tokens:read'], expiresInDays: 1 })).secret;
});
after(() => database?.cleanup());

async function counts() {
  const [u] = await database.db.select({ n: sql<number>`count(*)::int` }).from(users);
  const [a] = await database.db.select({ n: sql<number>`count(*)::int`, max: sql<number>`max(seq)::int` }).from(auditEvents);
  return { users: u!.n, events: a!.n, head: a!.max };
}

async function newEvents(sinceSeq: number) {
  const rows = await database.db.select().from(auditEvents).where(sql`${auditEvents.seq} > ${sinceSeq}`).orderBy(auditEvents.seq);
  return rows.map((r) => `${r.action}:${r.outcome}`);
}

async function call(method: string, path: string, init: { token?: string | null; body?: string; type?: string; length?: string } = {}) {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? adminToken : init.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.type) headers['content-type'] = init.type;
  if (init.length) headers['content-length'] = init.length;
  const res = await dispatchRest(new Request(`http://test/api/v1${path}`, { method, headers, body: init.body }), path.split('/').filter(Boolean));
  const body = (await res.json()) as { error?: { code: string; message: string } };
  return { status: res.status, code: body.error?.code, message: body.error?.message };
}

const validUser = () => JSON.stringify({ email: `x-${Date.now()}@test.local`, name: 'X', password: 'long-enough-password', roles: [], teamIds: [] });

test('bad request bodies get a 4xx with a code, create nothing and audit nothing', async () => {
  const cases: Array<[string, Parameters<typeof call>[2], number, string]> = [
    ['malformed JSON', { body: '{"email": ', type: 'application/json' }, 400, 'invalid_json'],
    ['wrong media type', { body: validUser(), type: 'text/plain' }, 415, 'unsupported_media_type'],
    ['oversized body', { body: JSON.stringify({ name: 'x'.repeat(1_100_000) }), type: 'application/json' }, 413, 'payload_too_large'],
    ['unknown field', { body: JSON.stringify({ ...JSON.parse(validUser()), isSuperuser: true }), type: 'application/json' }, 400, 'invalid_input'],
    ['wrong types', { body: JSON.stringify({ ...JSON.parse(validUser()), roles: 'admin' }), type: 'application/json' }, 400, 'invalid_input'],
    ['unknown role', { body: JSON.stringify({ ...JSON.parse(validUser()), roles: ['root'] }), type: 'application/json' }, 400, 'invalid_input'],
    ['short password', { body: JSON.stringify({ ...JSON.parse(validUser()), password: 'short' }), type: 'application/json' }, 400, 'invalid_input'],
  ];
  for (const [name, init, status, code] of cases) {
    const before = await counts();
    const res = await call('POST', '/users', init);
    assert.equal(res.status, status, `${name}: ${res.message}`);
    assert.equal(res.code, code, name);
    assert.ok(res.message && res.message.length > 5, `${name} has a human message`);
    assert.deepEqual(await counts(), before, `${name} changed nothing`);
  }
  const ok = await call('POST', '/users', { body: validUser(), type: 'application/json' });
  assert.equal(ok.status, 201, 'the same route accepts a good body');
});

test('unknown routes and methods get 404 and 405 with codes', async () => {
  assert.deepEqual(await call('GET', '/nope'), { status: 404, code: 'not_found', message: 'No route /nope.' });
  assert.equal((await call('DELETE', '/users')).code, 'method_not_allowed');
});

test('expired, revoked, unknown and malformed tokens are refused, and only the denial is audited', async () => {
  const admin = await demoActor(database.db, 'admin');
  const ctx = serviceContext(database.db, admin);
  const expired = await createToken(ctx, { name: 'old', scopes: ['users:read'], expiresInDays: 1 });
  await database.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, expired.id));
  const revoked = await createToken(ctx, { name: 'gone', scopes: ['users:read'], expiresInDays: 1 });
  await revokeToken(ctx, { id: revoked.id, reason: 'test' });

  const cases: Array<[string, string | null, number, string, string[]]> = [
    ['expired', expired.secret, 401, 'token_expired', ['token.rejected:denied']],
    ['revoked', revoked.secret, 401, 'token_revoked', ['token.rejected:denied']],
    ['unknown', `mgt_${'A'.repeat(43)}`, 401, 'token_invalid', ['token.rejected:denied']],
    ['malformed', 'not-a-token', 401, 'token_invalid', ['token.rejected:denied']],
    ['missing', null, 401, 'unauthenticated', []],
  ];
  for (const [name, token, status, code, audited] of cases) {
    const before = await counts();
    const res = await call('GET', '/users', { token });
    assert.equal(res.status, status, name);
    assert.equal(res.code, code, name);
    assert.deepEqual(await newEvents(before.head), audited, `${name}: only the denial is audited`);
    assert.equal((await counts()).users, before.users);
  }
});

test('a wrong password signs nobody in and records the failure', async () => {
  const before = await counts();
  assert.equal(await signInWithPassword(database.db, 'admin@modelgate.local', 'wrong password'), null);
  assert.equal(await signInWithPassword(database.db, 'nobody@modelgate.local', 'whatever'), null);
  assert.deepEqual(await newEvents(before.head), ['auth.sign_in_failed:denied', 'auth.sign_in_failed:denied']);
  const ok = await signInWithPassword(database.db, 'ADMIN@modelgate.local', 'modelgate-demo');
  assert.ok(ok, 'emails are case-insensitive and the right password works');
});
