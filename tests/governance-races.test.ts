import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { TDatabase } from '@/db/client';
import { accessGrants, auditEvents, promotionRequests } from '@/db/schema';
import { decideAccess, requestAccess } from '@/server/services/access-requests';
import { requestPromotion, reviewPromotion, withdrawPromotion } from '@/server/services/promotions';
import { createTestDatabase, onPostgres } from './helpers/db';
import { createPerson, createTeam, createTrainedVersion } from './helpers/governance';

const CLIENTS = 16;
const ROUNDS = 20;
const skip = onPostgres ? false : 'needs DATABASE_URL: concurrent deciders need a PostgreSQL server (PGlite is one connection)';

let database: TDatabase;
let team: string;
let scientist: Awaited<ReturnType<typeof createPerson>>;
let owner: Awaited<ReturnType<typeof createPerson>>;
let reviewers: Awaited<ReturnType<typeof createPerson>>[];

before(async () => {
  if (!onPostgres) return;
  database = await createTestDatabase({ maxConnections: CLIENTS + 4 });
  const { db } = database;
  team = await createTeam(db);
  scientist = await createPerson(db, team, ['data_scientist'], 'scientist');
  owner = await createPerson(db, team, ['data_owner'], 'owner');
  // Half governance officers, half ML engineers: any two of them may or may not meet production's policy.
  reviewers = [];
  for (let i = 0; i < CLIENTS; i++) reviewers.push(await createPerson(db, team, [i % 2 ? 'ml_engineer' : 'governance_officer'], `reviewer-${i}`));
});
after(() => database?.close());

const codeOf = (r: PromiseSettledResult<unknown>) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'ok');
const eventsFor = (id: string, action: string) =>
  database.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, action)));

test(`${CLIENTS} clients approving one production request at once, ${ROUNDS} times: one transition, one attestation, never under-approved`, { skip, timeout: 600_000 }, async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const { model } = await createTrainedVersion(database.db, { teamId: team, creatorId: scientist.userId, ownerId: owner.userId });
    const request = await requestPromotion(scientist, { name: model.name, version: 1, environment: 'production', justification: '' });
    const results = await Promise.allSettled(reviewers.map((r) => reviewPromotion(r, { id: request.id, decision: 'approve', comment: '' })));
    const codes = results.map(codeOf);
    assert.deepEqual(codes.filter((c) => c !== 'ok' && c !== 'conflict'), [], 'only successes and 409s');
    const states = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.state] : []));
    assert.equal(states.filter((s) => s === 'approved').length, 1, `round ${round}: exactly one call made the transition (${states.join(',')})`);
    assert.ok(states.every((s) => s === 'approved' || s === 'pending'));

    const [final] = await database.db.select().from(promotionRequests).where(eq(promotionRequests.id, request.id));
    assert.equal(final!.state, 'approved');
    assert.equal((await eventsFor(request.id, 'promotion.approved')).length, 1, 'one approval event');
    const statement = JSON.parse(Buffer.from(final!.attestation!.payload, 'base64').toString('utf8'));
    const approvers: { roles: string[] }[] = statement.predicate.approvers;
    assert.ok(approvers.length >= 2 && approvers.some((a) => a.roles.includes('governance_officer')), 'the attested approvers meet the policy');
    assert.equal((await eventsFor(request.id, 'promotion.reviewed')).length, states.length, 'a review event per accepted review, none for the losers');
  }
});

test(`${CLIENTS} clients deciding one access request at once, ${ROUNDS} times: decided once, at most one grant`, { skip, timeout: 600_000 }, async () => {
  const deciders = [owner, ...reviewers.filter((r) => r.actor.type === 'user' && r.actor.roles.includes('governance_officer'))];
  while (deciders.length < CLIENTS) deciders.push(await createPerson(database.db, team, ['governance_officer'], `officer-${deciders.length}`));
  for (let round = 0; round < ROUNDS; round++) {
    const { dataset } = await createTrainedVersion(database.db, { teamId: team, creatorId: scientist.userId, ownerId: owner.userId, classification: 'restricted' });
    const asked = await requestAccess(scientist, { datasetId: dataset.id, purpose: 'concurrency round', days: 7 });
    const results = await Promise.allSettled(
      deciders.map((d, i) => decideAccess(d, { id: asked.id, decision: i % 3 ? 'approve' : 'reject', comment: '' })),
    );
    const codes = results.map(codeOf);
    assert.equal(codes.filter((c) => c === 'ok').length, 1, `round ${round}: one decision (${codes.join(',')})`);
    assert.equal(codes.filter((c) => c === 'conflict').length, CLIENTS - 1);
    const winner = results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<Awaited<ReturnType<typeof decideAccess>>>;
    const grants = await database.db.select().from(accessGrants).where(eq(accessGrants.requestId, asked.id));
    assert.equal(grants.length, winner.value.request.state === 'approved' ? 1 : 0);
  }
});

test(`approve and withdraw at once, ${ROUNDS} times: exactly one wins, and the loser leaves no trace`, { skip, timeout: 600_000 }, async () => {
  const engineer = reviewers.find((r) => r.actor.type === 'user' && r.actor.roles.includes('ml_engineer'))!;
  for (let round = 0; round < ROUNDS; round++) {
    const { model } = await createTrainedVersion(database.db, { teamId: team, creatorId: scientist.userId, ownerId: owner.userId });
    const request = await requestPromotion(scientist, { name: model.name, version: 1, environment: 'staging', justification: '' });
    const [approval, withdrawal] = await Promise.allSettled([
      reviewPromotion(engineer, { id: request.id, decision: 'approve', comment: '' }),
      withdrawPromotion(scientist, { id: request.id, reason: 'race' }),
    ]);
    assert.deepEqual([codeOf(approval), codeOf(withdrawal)].sort(), ['conflict', 'ok'], `round ${round}`);
    const [final] = await database.db.select().from(promotionRequests).where(eq(promotionRequests.id, request.id));
    if (approval.status === 'fulfilled') {
      assert.equal(final!.state, 'approved');
      assert.ok(final!.attestation);
      assert.equal((await eventsFor(request.id, 'promotion.withdrawn')).length, 0);
    } else {
      assert.equal(final!.state, 'withdrawn');
      assert.equal(final!.attestation, null);
      assert.equal((await eventsFor(request.id, 'promotion.reviewed')).length, 0, 'the losing review rolled back');
    }
  }
});
