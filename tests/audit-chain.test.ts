import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { auditCheckpoints, auditEvents, signingKeys } from '@/db/schema';
import { canonicalJson } from '@/server/audit/canonical-json';
import { scheduleCheckpoints, signCheckpointIfHeadMoved, verifyCheckpointSignature } from '@/server/audit/checkpoints';
import { chainHash, leafHash, ZERO_HASH } from '@/server/audit/hashing';
import { getActiveSigningKey, listPublicJwks, rotateSigningKey } from '@/server/audit/keys';
import { recordAudit, transact } from '@/server/audit/transact';
import { SYSTEM, userActor } from './helpers/actors';
import { createTestDatabase } from './helpers/db';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
before(async () => {
  database = await createTestDatabase({ maxConnections: 4 });
});
after(() => database?.close());

const team = (name: string) => ({ action: 'team.created' as const, subject: { type: 'Team', id: name }, data: { name } });

test('stored bodies are canonical JSON and the database hashes as hashing.ts does', async () => {
  // Awkward text in the data (escaped in the body): emoji, U+2028, control characters, NUL.
  const awkward = ['😀 é \u2028 \u0001 "q" \\ </script>', '\u0000 nul', 'דּ'];
  await recordAudit(database.db, userActor('u-1', ['admin']), ...awkward.map((name, i) => ({ ...team(name), subject: { type: 'Team', id: `t${i}` } })));
  await assert.rejects(recordAudit(database.db, SYSTEM, team('\ud800 has no UTF-8 form')), /lone surrogates/);
  await transact(database.db, SYSTEM, async (_tx, audit) => audit.record(team('in a change')));
  const rows = await database.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
  assert.equal(rows.length, 4);
  let prev = ZERO_HASH;
  for (const row of rows) {
    const body = JSON.parse(row.body);
    assert.equal(canonicalJson(body), row.body, `seq ${row.seq} is not canonical`);
    assert.equal(body.seq, row.seq);
    assert.equal(new Date(body.at).getTime(), row.at.getTime());
    assert.deepEqual([row.prevHash, row.leafHash, row.chainHash], [prev, leafHash(row.body), chainHash(prev, leafHash(row.body))]);
    prev = row.chainHash;
  }
  assert.deepEqual(rows.slice(0, 3).map((r) => JSON.parse(r.body).data.name), awkward);
});

test('instances starting together end with one active key per purpose', async () => {
  const keys = await Promise.all(Array.from({ length: 6 }, () => getActiveSigningKey(database.db, 'attestation')));
  assert.equal(new Set(keys.map((k) => k.id)).size, 1);
  const active = await database.db
    .select()
    .from(signingKeys)
    .where(and(eq(signingKeys.purpose, 'attestation'), isNull(signingKeys.retiredAt)));
  assert.equal(active.length, 1);
});

test('rotation retires the old key, keeps it listed, and is audited', async () => {
  const old = await getActiveSigningKey(database.db, 'audit');
  const next = await rotateSigningKey(database.db, userActor('u-1', ['admin']), 'audit');
  assert.notEqual(next.id, old.id);
  assert.equal((await getActiveSigningKey(database.db, 'audit')).id, next.id);
  const [retired] = await database.db.select().from(signingKeys).where(eq(signingKeys.id, old.id));
  assert.ok(retired!.retiredAt);
  const { keys } = await listPublicJwks(database.db, { purpose: 'audit' });
  assert.deepEqual(keys.map((k) => k.kid), [old.id, next.id]);
  for (const jwk of keys) {
    const raw = Buffer.from(jwk.x, 'base64url');
    assert.deepEqual({ kty: jwk.kty, crv: jwk.crv, bytes: raw.length }, { kty: 'OKP', crv: 'Ed25519', bytes: 32 });
    assert.equal(jwk.kid, createHash('sha256').update(raw).digest('hex').slice(0, 16));
  }
  const created = (await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'signing_key.created'))).map((r) => JSON.parse(r.body).data);
  assert.deepEqual(created.at(-1), { purpose: 'audit', keyId: next.id, replaces: old.id });
});

test('checkpoints are signed only when the head moved, and their signature binds them', async () => {
  const first = await signCheckpointIfHeadMoved(database.db);
  assert.ok(first);
  assert.equal(await signCheckpointIfHeadMoved(database.db), null);
  const [key] = await database.db.select().from(signingKeys).where(eq(signingKeys.id, first.keyId));
  const publicKey = createPublicKey(key!.publicKeyPem);
  assert.equal(verifyCheckpointSignature(first, publicKey), true);
  assert.equal(verifyCheckpointSignature({ ...first, size: first.size - 1 }, publicKey), false);
  const [head] = await database.db.select().from(auditEvents).orderBy(asc(auditEvents.seq)).limit(1).offset(first.size - 1);
  assert.equal(first.headHash, head!.chainHash);

  await recordAudit(database.db, SYSTEM, team('moves the head'));
  const stop = scheduleCheckpoints(database.db, { everyMs: 20 });
  try {
    const deadline = Date.now() + 5_000;
    let count = 1;
    while (count < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      count = (await database.db.select().from(auditCheckpoints)).length;
    }
    assert.equal(count, 2, 'the schedule signed one checkpoint for the moved head');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await database.db.select().from(auditCheckpoints)).length, 2, 'and none while the head stood still');
  } finally {
    stop();
  }
});
