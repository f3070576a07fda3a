import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { asc, sql } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import { recordAudit } from '@/server/audit/transact';
import { SYSTEM } from './helpers/actors';
import { createTestDatabase, onPostgres } from './helpers/db';

const NEEDS_POSTGRES = onPostgres ? false : 'needs DATABASE_URL: roles, privileges and session_replication_role are PostgreSQL server features';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let snapshot: (typeof auditEvents.$inferSelect)[];

before(async () => {
  database = await createTestDatabase();
  for (const name of ['a', 'b', 'c']) {
    await recordAudit(database.db, SYSTEM, { action: 'team.created', subject: { type: 'Team', id: null }, data: { name } });
  }
  snapshot = await database.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
});

after(() => database?.close());

/** Drizzle wraps driver errors; the database's own message is in `cause`. */
async function assertRefused(query: PromiseLike<unknown>, message: RegExp, code?: string) {
  await assert.rejects(Promise.resolve(query), (error: Error & { cause?: { message: string; code?: string } }) => {
    const cause = error.cause ?? (error as unknown as { message: string; code?: string });
    assert.match(cause.message, message);
    if (code) assert.equal(cause.code, code);
    return true;
  });
}

async function assertLogUnchanged() {
  assert.deepEqual(await database.db.select().from(auditEvents).orderBy(asc(auditEvents.seq)), snapshot);
}

/** A row that claims to follow `prev` at `seq`, copying the filter columns of event 1. */
function forgedRow(seq: number, prevHash: string) {
  const base = snapshot[0]!;
  return { ...base, seq, prevHash, chainHash: randomBytes(32).toString('hex'), body: base.body.replace('"seq":1', `"seq":${seq}`) };
}

test('an INSERT that forks the chain or leaves a gap is refused', async () => {
  const head = snapshot.at(-1)!;
  await assertRefused(database.db.insert(auditEvents).values(forgedRow(head.seq + 1, snapshot[1]!.chainHash)), /audit event 4 does not extend the head 3/);
  await assertRefused(database.db.insert(auditEvents).values(forgedRow(head.seq + 2, head.chainHash)), /audit event 5 does not extend the head 3/);
  await assertRefused(database.db.insert(auditEvents).values(forgedRow(2, snapshot[0]!.chainHash)), /audit event 2 does not extend the head 3/);
  await assertLogUnchanged();
});

test('the triggers fire in replica mode too (ENABLE ALWAYS), even for the owner', async () => {
  await assertRefused(
    database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`delete from audit_events where seq = 3`);
    }),
    /append-only \(DELETE refused\)/,
  );
  await assertLogUnchanged();
});

test("the application's role cannot UPDATE, DELETE or TRUNCATE audit events, even when granted", { skip: NEEDS_POSTGRES }, async () => {
  const role = `mg_app_${randomBytes(4).toString('hex')}`;
  const admin = postgres(database.url!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create role ${role} login nosuperuser nocreaterole nocreatedb noreplication nobypassrls`);
  await admin.unsafe(`grant usage on schema public to ${role}`);
  await admin.unsafe(`grant select, insert, update, delete, truncate on audit_events to ${role}`);
  const url = new URL(database.url!);
  url.username = role;
  const app = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    await assertRefused(app`update audit_events set action = 'x' where seq = 1`, /append-only \(UPDATE refused\)/, '42501');
    await assertRefused(app`delete from audit_events where seq = 3`, /append-only \(DELETE refused\)/, '42501');
    await assertRefused(app`truncate audit_events`, /append-only \(TRUNCATE refused\)/, '42501');
    // Replica mode would skip ordinary triggers: only superusers may set it, only owners may disable triggers.
    await assertRefused(app`set session_replication_role = replica`, /permission denied to set parameter/, '42501');
    await assertRefused(app`alter table audit_events disable trigger all`, /must be owner/, '42501');
    // The role may insert, but only an event that extends the head.
    const fork = forgedRow(snapshot.at(-1)!.seq + 1, snapshot[0]!.chainHash);
    await assertRefused(
      app`insert into audit_events (seq, body, leaf_hash, prev_hash, chain_hash, at, actor_type, action, subject_type, outcome)
          values (${fork.seq}, ${fork.body}, ${fork.leafHash}, ${fork.prevHash}, ${fork.chainHash}, now(), 'system', 'team.created', 'Team', 'success')`,
      /does not extend the head/,
      '23514',
    );
    await assertLogUnchanged();
  } finally {
    await app.end();
    await admin.unsafe(`revoke all on audit_events from ${role}`);
    await admin.unsafe(`revoke usage on schema public from ${role}`);
    await admin.end();
    const server = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await server.unsafe(`drop role ${role}`);
    await server.end();
  }
});
