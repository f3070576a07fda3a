import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { verifyAttestation } from '@/cli/verify-attestation.mjs';
import type { TDatabase } from '@/db/client';
import { auditEvents, promotionRequests } from '@/db/schema';
import { loadAttestationJwks } from '@/server/attestations/jwks';
import { decideAccess, requestAccess, requireLiveGrant, revokeGrant } from '@/server/services/access-requests';
import {
  approveRestrictedException,
  expireStalePromotions,
  readApprovalStatus,
  setThresholds,
  listApprovedVersions,
  requestPromotion,
  reviewPromotion,
  revokePromotion,
  updatePolicy,
  withdrawPromotion,
  ZUpdatePolicySchema,
} from '@/server/services/promotions';
import { createTestDatabase } from './helpers/db';
import { createPerson, createTeam, createTrainedVersion } from './helpers/governance';

let database: TDatabase;
let team: string;
let people: Record<'scientist' | 'engineer' | 'engineer2' | 'officer' | 'officerEngineer' | 'owner', Awaited<ReturnType<typeof createPerson>>>;

before(async () => {
  database = await createTestDatabase();
  const { db } = database;
  team = await createTeam(db);
  people = {
    scientist: await createPerson(db, team, ['data_scientist'], 'scientist'),
    engineer: await createPerson(db, team, ['ml_engineer'], 'engineer'),
    engineer2: await createPerson(db, team, ['ml_engineer'], 'engineer2'),
    officer: await createPerson(db, team, ['governance_officer'], 'officer'),
    officerEngineer: await createPerson(db, team, ['governance_officer', 'ml_engineer'], 'officer-engineer'),
    owner: await createPerson(db, team, ['data_owner'], 'owner'),
  };
});
after(() => database.close());

const code = (expected: string) => (error: unknown) => (error as { code?: string }).code === expected;
const trained = (opts: Partial<Parameters<typeof createTrainedVersion>[1]> = {}) =>
  createTrainedVersion(database.db, { teamId: team, creatorId: people.scientist.userId, ownerId: people.owner.userId, ...opts });
const request = (model: string, environment: string, as = people.scientist) => requestPromotion(as, { name: model, version: 1, environment, justification: '' });
const approve = (id: string, as: typeof people.engineer) => reviewPromotion(as, { id, decision: 'approve', comment: '' });

test('staging: the creator and requester are refused, one ML engineer approves, the attestation verifies and the status says approved', async () => {
  const { model } = await trained();
  const req = await request(model.name, 'staging');
  assert.equal(req.state, 'pending');
  await assert.rejects(approve(req.id, people.scientist), code('forbidden'), "the creator's (and requester's) own approval is refused");

  const approved = await approve(req.id, people.engineer);
  assert.equal(approved.state, 'approved');
  await assert.rejects(approve(req.id, people.officer), code('conflict'), 'a settled request is decided once');

  const status = await readApprovalStatus(people.scientist, { name: model.name, version: 1, env: 'staging' });
  assert.equal(status.status, 'approved');
  assert.deepEqual(status.approvers.map((a) => a.name), ['engineer']);
  const jwks = await loadAttestationJwks(database.db);
  const verified = verifyAttestation(status.attestation, jwks, { model: model.name, version: 1, environment: 'staging', artifactSha256: status.artifactSha256 });
  assert.ok(verified.ok, verified.ok ? '' : verified.reason);
  const approvedList = await listApprovedVersions(people.engineer, { env: 'staging' });
  assert.ok(approvedList.some((a) => a.requestId === req.id));
});

test('production: one person holding two roles counts once; a governance officer plus an engineer approve', async () => {
  const { model } = await trained();
  const req = await request(model.name, 'production');
  const afterFirst = await approve(req.id, people.officerEngineer);
  assert.equal(afterFirst.state, 'pending', 'officer+engineer is one approver, not two');
  assert.ok(afterFirst.reasons.some((r) => r.includes('needs 2 distinct approvers')), afterFirst.reasons.join('\n'));
  await assert.rejects(approve(req.id, people.officerEngineer), code('conflict'), 'one review per person');
  const done = await approve(req.id, people.engineer);
  assert.equal(done.state, 'approved');
  assert.equal(done.checks.length, 4);
  assert.ok(done.checks.every((c) => c.passed));
});

test('production needs a governance officer: two engineers leave it pending', async () => {
  const { model } = await trained();
  const req = await request(model.name, 'production');
  await approve(req.id, people.engineer);
  const after = await approve(req.id, people.engineer2);
  assert.equal(after.state, 'pending');
  assert.ok(after.reasons.some((r) => r.includes('holding governance_officer')), after.reasons.join('\n'));
});

test('checks: an unfinished scan, restricted data without an exception and an incomplete card keep the request pending, with why', async () => {
  const { model, datasetVersion } = await trained({ classification: 'restricted', scan: 'running', ethicalConsiderations: ' ' });
  const req = await request(model.name, 'production');
  const failed = Object.fromEntries(req.checks.filter((c) => !c.passed).map((c) => [c.name, c.explanation]));
  assert.deepEqual(Object.keys(failed).sort(), ['model-card-complete', 'no-restricted-findings-without-exception', 'training-scans-finished']);
  assert.match(failed['training-scans-finished']!, /running/);
  assert.match(failed['model-card-complete']!, /ethicalConsiderations/);
  const exception = { datasetVersionId: datasetVersion.id, reason: 'approved for fraud research' };
  await assert.rejects(approveRestrictedException(people.engineer, exception), code('forbidden'), 'governance officers only');
  await approveRestrictedException(people.officer, exception);
  await assert.rejects(approveRestrictedException(people.officer, exception), code('conflict'));
  await approve(req.id, people.officer);
  const after = await approve(req.id, people.engineer);
  assert.equal(after.state, 'pending', 'the scan and the card still fail');
  assert.ok(after.checks.find((c) => c.name === 'no-restricted-findings-without-exception')!.passed);
});

test('a policy changed while a request is pending re-judges it under the new version', async () => {
  const { model } = await trained();
  const req = await request(model.name, 'production');
  const pending = await approve(req.id, people.officer);
  assert.equal(pending.state, 'pending');
  assert.equal(pending.policyVersion, 1);
  const policy = ZUpdatePolicySchema.parse({
    environment: 'production',
    requiredApprovals: 1,
    eligibleRoles: ['governance_officer'],
    minimumFromRole: [],
    requiredChecks: ['training-scans-finished'],
    approvalValidDays: 30,
  });
  await assert.rejects(updatePolicy(people.engineer, policy), code('forbidden'), 'only governance officers edit policies');
  const result = await updatePolicy(people.officer, policy);
  assert.equal(result.version, 2);
  assert.ok(result.reevaluated >= 1);
  const status = await readApprovalStatus(people.scientist, { name: model.name, version: 1, env: 'production' });
  assert.equal(status.status, 'approved');
  assert.ok(status.reasons.some((r) => r.includes('changed from version 1 to 2')), status.reasons.join('\n'));
  const events = await database.db.select().from(auditEvents).where(and(eq(auditEvents.subjectType, 'PromotionRequest'), eq(auditEvents.subjectId, req.id)));
  assert.ok(events.some((e) => e.action === 'promotion.reevaluated'));
  // Restore the default for the tests that follow.
  await updatePolicy(people.officer, ZUpdatePolicySchema.parse({
    environment: 'production',
    requiredApprovals: 2,
    eligibleRoles: ['governance_officer', 'ml_engineer'],
    minimumFromRole: [{ role: 'governance_officer', count: 1 }],
    requiredChecks: ['training-scans-finished', 'no-restricted-findings-without-exception', 'model-card-complete', 'metric-thresholds'],
    approvalValidDays: 90,
  }));
});

test('withdrawn requests cannot be approved; revoking an approval needs a reason and turns the status revoked', async () => {
  const { model } = await trained();
  const req = await request(model.name, 'staging');
  await assert.rejects(withdrawPromotion(people.engineer, { id: req.id, reason: '' }), code('forbidden'), 'only the requester withdraws');
  await withdrawPromotion(people.scientist, { id: req.id, reason: 'wrong version' });
  await assert.rejects(approve(req.id, people.engineer), code('conflict'));

  const again = await request(model.name, 'staging');
  await approve(again.id, people.engineer);
  await assert.rejects(revokePromotion(people.engineer, { id: again.id, reason: 'x' }), code('forbidden'));
  await revokePromotion(people.officer, { id: again.id, reason: 'drift found in monitoring' });
  const status = await readApprovalStatus(people.scientist, { name: model.name, version: 1, env: 'staging' });
  assert.equal(status.status, 'revoked');
  assert.equal(status.revokeReason, 'drift found in monitoring');
  await assert.rejects(revokePromotion(people.officer, { id: again.id, reason: 'again' }), code('conflict'));
});

test('access: nobody decides their own request; the owner approves a capped grant once; revocation stops reads at once', async () => {
  const { dataset, datasetVersion } = await trained({ classification: 'restricted' });
  const gated = { id: datasetVersion.id, datasetId: dataset.id, ownerId: dataset.ownerId, classification: 'restricted' };
  await assert.rejects(requireLiveGrant(people.scientist, gated), code('grant_required'), 'no grant yet');
  const asked = await requestAccess(people.scientist, { datasetId: dataset.id, purpose: 'train the fraud scorer', days: 200 });
  await assert.rejects(decideAccess(people.scientist, { id: asked.id, decision: 'approve', comment: '' }), code('forbidden'));
  await assert.rejects(decideAccess(people.engineer, { id: asked.id, decision: 'approve', comment: '' }), code('not_found'), 'hidden from others');
  const { grant } = await decideAccess(people.owner, { id: asked.id, decision: 'approve', comment: 'ok' });
  assert.ok(grant);
  assert.equal(Math.round((grant.expiresAt.getTime() - grant.startsAt.getTime()) / 86_400_000), 90, 'capped by policy');
  await assert.rejects(decideAccess(people.officer, { id: asked.id, decision: 'reject', comment: '' }), code('conflict'));
  await requireLiveGrant(people.scientist, gated);
  await revokeGrant(people.owner, { id: grant.id, reason: 'project ended' });
  await assert.rejects(requireLiveGrant(people.scientist, gated), code('grant_required'));
  await requireLiveGrant(people.owner, gated);
});

test("metric thresholds: only the model's owner sets them; a missed threshold keeps the request pending with the numbers", async () => {
  const { model } = await trained({ metrics: { auc: 0.8 } });
  const thresholds = { name: model.name, thresholds: [{ metric: 'auc', comparator: '>=' as const, value: 0.85 }] };
  await assert.rejects(setThresholds(people.engineer, thresholds), code('forbidden'));
  await setThresholds(people.scientist, thresholds);
  const req = await request(model.name, 'staging');
  const after = await approve(req.id, people.engineer);
  assert.equal(after.state, 'pending');
  const metric = after.checks.find((c) => c.name === 'metric-thresholds')!;
  assert.equal(metric.passed, false);
  assert.equal(metric.explanation, 'auc >= 0.85: the version has 0.8');
});

test("the version's creator may not approve a promotion someone else requested", async () => {
  const { model } = await trained({ creatorId: people.officerEngineer.userId });
  const req = await request(model.name, 'staging');
  await assert.rejects(approve(req.id, people.officerEngineer), /creator cannot review its promotion/);
  await assert.rejects(approve(req.id, people.scientist), /nobody reviews their own request/);
  assert.equal((await approve(req.id, people.engineer)).state, 'approved');
});

test('a request left pending past its expiry reads as expired, and the sweeper records the transition once', async () => {
  const { model } = await trained();
  const req = await request(model.name, 'staging');
  await database.db.update(promotionRequests).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(promotionRequests.id, req.id));
  const status = await readApprovalStatus(people.scientist, { name: model.name, version: 1, env: 'staging' });
  assert.equal(status.status, 'expired');
  assert.ok((await expireStalePromotions(database.db)) >= 1);
  assert.equal(await expireStalePromotions(database.db), 0, 'expired once');
  await assert.rejects(approve(req.id, people.engineer), code('conflict'));
  assert.equal((await database.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, req.id), eq(auditEvents.action, 'promotion.expired')))).length, 1);
});
