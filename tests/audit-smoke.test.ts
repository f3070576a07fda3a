import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from './helpers/db';
import { recordAudit } from '@/server/audit/transact';
import { auditEvents } from '@/db/schema';
import { SYSTEM } from './helpers/actors';

test('appends chain and the database refuses edits', async () => {
  const { db, close } = await createTestDatabase();
  try {
    await recordAudit(db, SYSTEM, { action: 'team.created', subject: { type: 'Team', id: null }, data: { name: 'a' } });
    await recordAudit(db, SYSTEM, { action: 'team.created', subject: { type: 'Team', id: null }, data: { name: 'b' } });
    const rows = await db.select().from(auditEvents).orderBy(auditEvents.seq);
    assert.deepEqual(rows.map((r) => r.seq), [1, 2]);
    assert.equal(rows[1]!.prevHash, rows[0]!.chainHash);
    // eslint-disable-next-line drizzle/enforce-update-with-where -- the point: the database refuses it
    await assert.rejects(db.update(auditEvents).set({ action: 'x' }));
  } finally {
    await close();
  }
});
