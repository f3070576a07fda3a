import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { auditEvents, deployments } from '@/db/schema';
import { AppError } from '@/server/errors';
import { listEnvironmentDeployments, listVersionDeployments, recordDeployment } from '@/server/services/deployments';
import { requestPromotion, reviewPromotion } from '@/server/services/promotions';
import { callRest, createServingFixture, openServingDatabase, startRestServerWithBodies } from './helpers/serving';

let database: Awaited<ReturnType<typeof openServingDatabase>>;
let fx: Awaited<ReturnType<typeof createServingFixture>>;

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'ok';
}

async function lastAuditActions(n: number): Promise<string[]> {
  const rows = await database.db.select({ body: auditEvents.body }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(n);
  return rows.map((r) => (JSON.parse(r.body) as { action: string }).action);
}

before(async () => {
  database = await openServingDatabase();
  fx = await createServingFixture(database.db);
  await fx.registerModel('deployable', 3);
});
after(() => database?.cleanup());

test('a version without an approved promotion is refused: not_approved, nothing recorded but the denial', async () => {
  assert.equal(await refusal(recordDeployment(fx.engineer, { name: 'deployable', version: 1, environment: 'staging' })), 'not_approved');
  // Pending is not approved either.
  await requestPromotion(fx.scientist, { name: 'deployable', version: 1, environment: 'production', justification: '' });
  assert.equal(await refusal(recordDeployment(fx.engineer, { name: 'deployable', version: 1, environment: 'production' })), 'not_approved');
  assert.equal((await database.db.select().from(deployments)).length, 0);
  assert.deepEqual(await lastAuditActions(1), ['access.denied']);
});

test('an approved version deploys; an earlier approved one is a rollback; the audit event commits with it', async () => {
  await fx.approve('deployable', 1);
  await fx.approve('deployable', 2);
  const first = await recordDeployment(fx.engineer, { name: 'deployable', version: 2, environment: 'staging', note: 'release 2' });
  assert.equal(first.kind, 'deploy');
  assert.deepEqual(await lastAuditActions(1), ['deployment.created']);
  // Deploying the same version on the same approval again is a conflict, not a second row.
  assert.equal(await refusal(recordDeployment(fx.engineer, { name: 'deployable', version: 2, environment: 'staging' })), 'conflict');
  const back = await recordDeployment(fx.engineer, { name: 'deployable', version: 1, environment: 'staging', note: 'v2 misbehaves' });
  assert.equal(back.kind, 'rollback');
  const current = await database.db
    .select()
    .from(deployments)
    .where(and(eq(deployments.environmentId, back.environmentId), isNull(deployments.supersededAt)));
  assert.deepEqual(current.map((d) => d.id), [back.id], 'one current deployment per model and environment');
  const [old] = await database.db.select().from(deployments).where(eq(deployments.id, first.id));
  assert.equal(old!.supersededBy, back.id);
  const listed = await listEnvironmentDeployments(fx.scientist, { env: 'staging', history: true });
  assert.deepEqual(listed.map((d) => [d.version, d.kind, d.status]), [[1, 'rollback', 'serving'], [2, 'deploy', 'superseded']]);
  const forVersion = await listVersionDeployments(fx.officer, { name: 'deployable', version: 1 });
  assert.equal(forVersion[0]!.note, 'v2 misbehaves');
});

test('a revoked or expired approval is refused with its own code', async () => {
  const revoked = await fx.approve('deployable', 3);
  await fx.revoke(revoked, 'found a data leak');
  const revokedCode = await refusal(recordDeployment(fx.engineer, { name: 'deployable', version: 3, environment: 'staging' }));
  assert.equal(revokedCode, 'promotion_revoked');
  await fx.registerModel('stale', 1);
  const stale = await fx.approve('stale', 1);
  await fx.expireAt(stale, new Date(Date.now() - 1000));
  assert.equal(await refusal(recordDeployment(fx.engineer, { name: 'stale', version: 1, environment: 'staging' })), 'promotion_expired');
});

test('only ML engineers of the model’s team deploy', async () => {
  await fx.registerModel('guarded', 1);
  await fx.approve('guarded', 1);
  assert.equal(await refusal(recordDeployment(fx.scientist, { name: 'guarded', version: 1, environment: 'staging' })), 'forbidden');
  assert.equal(await refusal(recordDeployment(fx.officer, { name: 'guarded', version: 1, environment: 'staging' })), 'forbidden');
  const otherTeam = await createServingFixture(database.db);
  // Another team's engineer does not even see the version.
  assert.equal(await refusal(recordDeployment(otherTeam.engineer, { name: 'guarded', version: 1, environment: 'staging' })), 'not_found');
  assert.equal(await refusal(recordDeployment(fx.engineer, { name: 'guarded', version: 1, environment: 'nowhere' })), 'not_found');
  const guarded = (await listEnvironmentDeployments(fx.officer, { env: 'staging', history: true })).filter((d) => d.model === 'guarded');
  assert.equal(guarded.length, 0);
});

test('pipelines deploy with a deployments:write token (recorded on the row); other tokens are refused', async () => {
  await fx.registerModel('piped', 1);
  const id = await fx.approve('piped', 1, 'production');
  const readOnly = await fx.tokenFor(fx.engineer, ['deployments:read', 'approvals:read', 'models:read']);
  const denied = await callRest('POST', '/models/piped/versions/1/deployments', { token: readOnly, body: { environment: 'production' } });
  assert.equal(denied.status, 403);
  assert.equal(denied.body.error!.code, 'insufficient_scope');
  const scientistToken = await fx.tokenFor(fx.scientist, ['deployments:write']);
  const scientist = await callRest('POST', '/models/piped/versions/1/deployments', { token: scientistToken, body: { environment: 'production' } });
  assert.equal(scientist.body.error!.code, 'forbidden');
  const pipeline = await fx.tokenFor(fx.engineer, ['deployments:write']);
  const ok = await callRest('POST', '/models/piped/versions/1/deployments', { token: pipeline, body: { environment: 'production', note: 'pipeline run 42' } });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.promotionRequestId, id);
  const [row] = await database.db.select().from(deployments).where(eq(deployments.id, ok.body.id as string));
  assert.ok(row!.tokenId, 'the token is recorded');
  assert.equal(row!.deployedBy, fx.engineer.userId);
  const notApproved = await callRest('POST', '/models/piped/versions/1/deployments', { token: pipeline, body: { environment: 'staging' } });
  assert.equal(notApproved.status, 409);
  assert.equal(notApproved.body.error!.code, 'not_approved');
  const listed = await callRest('GET', '/environments/production/deployments', { token: readOnly });
  assert.equal(listed.status, 200);
  assert.deepEqual((listed.body.deployments as { model: string; status: string }[]).map((d) => [d.model, d.status]), [['piped', 'serving']]);
});

test('concurrent deployments of one model serialise: one current deployment, the other supersedes it', async () => {
  await fx.registerModel('raced', 2);
  await fx.approve('raced', 1);
  await fx.approve('raced', 2);
  const results = await Promise.allSettled([
    recordDeployment(fx.engineer, { name: 'raced', version: 1, environment: 'staging' }),
    recordDeployment(fx.engineer, { name: 'raced', version: 2, environment: 'staging' }),
  ]);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled']);
  const rows = await listEnvironmentDeployments(fx.engineer, { env: 'staging', history: true });
  const raced = rows.filter((r) => r.model === 'raced');
  assert.equal(raced.filter((r) => r.current).length, 1);
  assert.equal(raced.length, 2);
});

test('a reviewer who approves cannot make the approval count for a different environment', async () => {
  await fx.registerModel('crossed', 1);
  const request = await requestPromotion(fx.scientist, { name: 'crossed', version: 1, environment: 'staging', justification: '' });
  await reviewPromotion(fx.engineer, { id: request.id, decision: 'approve', comment: '' });
  assert.equal(await refusal(recordDeployment(fx.engineer, { name: 'crossed', version: 1, environment: 'production' })), 'not_approved');
  assert.equal(await refusal(recordDeployment(fx.engineer, { name: 'crossed', version: 1, environment: 'staging' })), 'ok');
});

test('modelgate deploy: 0 when recorded, 1 with the reason when refused, 2 on a usage error', async () => {
  await fx.registerModel('cli-deployed', 1);
  const token = await fx.tokenFor(fx.engineer, ['deployments:write']);
  const server = await startRestServerWithBodies();
  const deploy = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['cli/bin.mjs', 'deploy', ...args], { env: { ...process.env, MODELGATE_URL: server.url, MODELGATE_TOKEN: token } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
  try {
    const refused = await deploy(['cli-deployed', '1', '--env', 'staging']);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /not_approved/);
    await fx.approve('cli-deployed', 1);
    const ok = await deploy(['cli-deployed', '1', '--env', 'staging', '--note', 'pipeline 7']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /deployed cli-deployed v1 to staging \(deploy/);
    assert.equal((await deploy(['cli-deployed', '--env', 'staging'])).code, 2);
  } finally {
    await server.close();
  }
});
