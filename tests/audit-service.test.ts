import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { TActor } from '@/policies/actor';
import { recordAudit } from '@/server/audit/transact';
import { AppError } from '@/server/errors';
import { serviceContext } from '@/server/services/context';
import { exportAudit, listAuditCheckpoints, listAuditEvents, verifyStoredChain } from '@/server/services/audit';
import { SYSTEM, userActor } from './helpers/actors';
import { createTestDatabase } from './helpers/db';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const scientist = { id: randomUUID(), email: 'sci@test.local' };
const other = { id: randomUUID(), email: 'other@test.local' };
let ds: TActor;
let auditor: TActor;
let start: Date;

before(async () => {
  database = await createTestDatabase();
  await database.db.insert(users).values([scientist, other].map((u) => ({ ...u, name: u.email, passwordHash: 'x' })));
  ds = { type: 'user', userId: scientist.id, email: scientist.email, name: 'Sci', roles: ['data_scientist'], teamIds: [] };
  auditor = userActor(randomUUID(), ['auditor']);
  start = new Date();
  for (let i = 0; i < 5; i++) {
    await recordAudit(database.db, ds, { action: 'team.created', subject: { type: 'Team', id: `team-${i}` }, data: { name: `t${i}` } });
  }
  await recordAudit(database.db, userActor(other.id, ['ml_engineer']), { action: 'auth.signed_in', subject: { type: 'User', id: other.id }, data: { method: 'password' } });
  await recordAudit(database.db, SYSTEM, { action: 'team.created', subject: { type: 'Team', id: 'team-sys' }, data: { name: 'sys' } });
});
after(() => database?.close());

const list = (actor: TActor, filters: Parameters<typeof listAuditEvents>[1] = {}) => listAuditEvents(serviceContext(database.db, actor), filters);
const seqs = (page: Awaited<ReturnType<typeof list>>) => page.items.map((i) => i.seq);

test('a data scientist sees only their own events; an auditor sees all', async () => {
  const own = await list(ds);
  assert.deepEqual(seqs(own), [5, 4, 3, 2, 1]);
  assert.ok(own.items.every((i) => i.event.actor.id === scientist.id && i.event.action === 'team.created'));
  assert.deepEqual(seqs(await list(ds, { action: 'auth.signed_in' })), []);
  assert.deepEqual(seqs(await list(auditor)), [7, 6, 5, 4, 3, 2, 1]);
  await assert.rejects(list({ type: 'anonymous' }), (e: AppError) => e.code === 'unauthenticated');
});

test('filters: actor by email or id, action, subject, time, and a keyset cursor', async () => {
  assert.deepEqual(seqs(await list(auditor, { actor: 'SCI@test.local' })), [5, 4, 3, 2, 1]);
  assert.deepEqual(seqs(await list(auditor, { actor: other.id })), [6]);
  assert.deepEqual(seqs(await list(auditor, { action: 'auth.signed_in' })), [6]);
  assert.deepEqual(seqs(await list(auditor, { subjectType: 'Team', subjectId: 'team-3' })), [4]);
  assert.deepEqual(seqs(await list(auditor, { from: new Date(Date.now() + 60_000) })), []);
  assert.deepEqual(seqs(await list(auditor, { from: start, to: new Date(Date.now() + 60_000), action: 'team.created' })), [7, 5, 4, 3, 2, 1]);
  const first = await list(auditor, { limit: 3 });
  const second = await list(auditor, { limit: 3, cursor: first.nextCursor! });
  assert.deepEqual([seqs(first), seqs(second)], [[7, 6, 5], [4, 3, 2]]);
  await assert.rejects(list(auditor, { limit: 201 }));
});

test('export and the stored-chain check are gated and audited when denied', async () => {
  const ctx = serviceContext(database.db, ds);
  await assert.rejects(exportAudit(ctx, {}), (e: AppError) => e.code === 'forbidden');
  await assert.rejects(verifyStoredChain(ctx), (e: AppError) => e.code === 'forbidden');
  await assert.rejects(listAuditCheckpoints(ctx, {}), (e: AppError) => e.code === 'forbidden');
  const denied = await list(ds, { action: 'access.denied' });
  assert.deepEqual(denied.items.map((i) => i.event.data), [
    { action: 'read', reason: 'no_rule' },
    { action: 'read', reason: 'no_rule' },
    { action: 'export', reason: 'no_rule' },
  ]);
});

test('the stored chain and its latest checkpoint verify, and an edited row is found', async () => {
  const ctx = serviceContext(database.db, auditor);
  const exp = await exportAudit(ctx, { from: start, to: new Date(Date.now() + 60_000) });
  const checked = await verifyStoredChain(ctx);
  assert.equal(checked.ok, true);
  assert.equal(checked.checkpoint?.size, exp.header.toSeq);
  assert.deepEqual([checked.checkpoint?.signatureValid, checked.checkpoint?.matchesChain], [true, true]);
  assert.equal((await listAuditCheckpoints(ctx, {})).items[0]?.id, exp.checkpoint.id);

  // Only the table owner can do this (the triggers are its, see tests/audit-guards.test.ts).
  await database.db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
  await database.db.execute(sql`update audit_events set body = replace(body, '"t2"', '"t9"') where seq = 3`);
  const broken = await verifyStoredChain(ctx);
  assert.equal(broken.ok, false);
  assert.deepEqual(broken.problem, { seq: 3, reason: 'the body does not match its leaf hash' });
});
