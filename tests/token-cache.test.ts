// API tokens are remembered by each process after they authenticate (server/auth/token-cache.ts).
// What a pipeline must never notice: a revoked token, a disabled user, a removed role or an
// expiry still working because the token was remembered.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { apiTokens } from '@/db/schema';
import { dispatchRest } from '@/server/rest/dispatch';
import { serviceContext, type TServiceContext } from '@/server/services/context';
import { createToken, revokeToken } from '@/server/services/tokens';
import { createUser, updateUser } from '@/server/services/users';
import { openAppDatabase } from './helpers/app-database';
import { demoActor } from './helpers/demo-actors';

let database: Awaited<ReturnType<typeof openAppDatabase>>;
let admin: TServiceContext;

before(async () => {
  database = await openAppDatabase();
  admin = serviceContext(database.db, await demoActor(database.db, 'admin'));
});
after(() => database?.cleanup());

async function listUsers(token: string) {
  const res = await dispatchRest(new Request('http://test/api/v1/users', { headers: { authorization: `Bearer ${token}` } }), ['users']);
  const body = (await res.json()) as { users?: unknown[]; error?: { code: string } };
  return { status: res.status, code: body.error?.code, seen: body.users?.length ?? 0 };
}

/** The change reaches other processes by NOTIFY at commit: allow the notification its moment, no more. */
async function changedWithin(token: string, ms: number, changed = (res: Awaited<ReturnType<typeof listUsers>>) => res.status !== 200) {
  const started = Date.now();
  for (;;) {
    const res = await listUsers(token);
    if (changed(res) || Date.now() - started > ms) return { ...res, afterMs: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const asUser = (user: { id: string; email: string; name: string }) =>
  serviceContext(database.db, { type: 'user', userId: user.id, email: user.email, name: user.name, roles: ['admin'], teamIds: [] });

/** A fresh administrator with a users:read token that has already been used (so it is remembered). */
async function usedAdminToken(label: string) {
  const user = await createUser(admin, { email: `${label}-${Date.now()}@test.local`, name: label, password: 'long-enough-password', roles: ['admin'], teamIds: [] });
  const token = await createToken(asUser(user), { name: label, scopes: ['users:read'], expiresInDays: 1 });
  for (let i = 0; i < 3; i++) assert.equal((await listUsers(token.secret)).status, 200, 'the token works before the change');
  return { user, token };
}

test('a remembered token is refused as soon as it is revoked', async () => {
  const { token } = await usedAdminToken('revoked');
  await revokeToken(admin, { id: token.id, reason: 'leaked in a build log' });
  const res = await changedWithin(token.secret, 1000);
  assert.deepEqual([res.status, res.code], [401, 'token_revoked'], `refused after ${res.afterMs} ms`);
});

test('a remembered token is refused as soon as its user is disabled', async () => {
  const { user, token } = await usedAdminToken('disabled');
  await updateUser(admin, { id: user.id, disabled: true });
  const res = await changedWithin(token.secret, 1000);
  assert.deepEqual([res.status, res.code], [401, 'token_invalid'], `refused after ${res.afterMs} ms`);
});

test('a remembered token loses what its user’s removed role allowed', async () => {
  const { user, token } = await usedAdminToken('demoted');
  assert.ok((await listUsers(token.secret)).seen > 1, 'an administrator sees every user');
  await updateUser(admin, { id: user.id, roles: ['data_scientist'] });
  const res = await changedWithin(token.secret, 1000, (r) => r.seen === 1);
  assert.deepEqual([res.status, res.seen], [200, 1], `only itself after ${res.afterMs} ms`);
});

test('a remembered token stops at its expiry, with no change to tell it', async () => {
  const user = await createUser(admin, { email: `expiring-${Date.now()}@test.local`, name: 'expiring', password: 'long-enough-password', roles: ['admin'], teamIds: [] });
  const token = await createToken(asUser(user), { name: 'short', scopes: ['users:read'], expiresInDays: 1 });
  const expiresAt = new Date(Date.now() + 600);
  // Set before the first use: the cache learns this expiry from the lookup, not from a notification.
  await database.db.update(apiTokens).set({ expiresAt }).where(eq(apiTokens.id, token.id));
  assert.equal((await listUsers(token.secret)).status, 200);
  assert.equal((await listUsers(token.secret)).status, 200);
  await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 20));
  const res = await listUsers(token.secret);
  assert.deepEqual([res.status, res.code], [401, 'token_expired']);
});
