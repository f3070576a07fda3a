import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { and, desc, eq, sql } from 'drizzle-orm';
import { accessGrants, auditEvents, datasetFindings, datasetScans, modelVersionTrainingData, registeredModels } from '@/db/schema';
import { decideAccess, requestAccess, revokeGrant } from '@/server/services/access-requests';
import type { TServiceContext } from '@/server/services/context';
import { openVersionContent, readDataset, readVersion as readDatasetVersion } from '@/server/services/datasets';
import { createModel, readVersion, registerVersion, ZVersionMetadataSchema } from '@/server/services/models';
import { createToken } from '@/server/services/tokens';
import { buildClassifierModel } from '@/server/onnx/demo-models';
import { dispatchRest } from '@/server/rest/dispatch';
import { getArtifactStore } from '@/server/storage/runtime-store';
import { openAppDatabase } from './helpers/app-database';
import { sha256, uploadForm, versionMetadata } from './helpers/catalog';
import { createPerson, createTeam, createTrainedVersion } from './helpers/governance';
import { startRestServer } from './helpers/rest-server';

let database: Awaited<ReturnType<typeof openAppDatabase>>;
let team: string;
let otherTeam: string;
type TPerson = Awaited<ReturnType<typeof createPerson>>;
let people: Record<'scientist' | 'engineer' | 'owner' | 'officer' | 'auditor' | 'outsider', TPerson>;
let modelName: string;
let nextArtifact = 1;

before(async () => {
  database = await openAppDatabase();
  const { db } = database;
  team = await createTeam(db);
  otherTeam = await createTeam(db);
  people = {
    scientist: await createPerson(db, team, ['data_scientist'], 'scientist'),
    engineer: await createPerson(db, team, ['ml_engineer'], 'engineer'),
    owner: await createPerson(db, team, ['data_owner'], 'owner'),
    officer: await createPerson(db, team, ['governance_officer'], 'officer'),
    auditor: await createPerson(db, team, ['auditor'], 'auditor'),
    outsider: await createPerson(db, otherTeam, ['data_scientist'], 'outsider'),
  };
  modelName = `grants-model-${Date.now()}`;
  await createModel(people.scientist, { name: modelName, teamId: team, riskTier: 'low', description: '', tags: [] });
});
after(() => database?.cleanup());

const code = (expected: string) => (error: unknown) => {
  assert.equal((error as { code?: string }).code, expected, (error as Error).message);
  return true;
};

/** A dataset version of `team` (or another), owned by the team's data owner, with stored content and one finding with masked samples. */
async function dataset(classification: 'internal' | 'confidential' | 'restricted', teamId = team, content = `id,ssn\n1,123-45-6789\n${Math.random()}\n`) {
  const made = await createTrainedVersion(database.db, {
    teamId,
    creatorId: people.owner.userId,
    ownerId: people.owner.userId,
    classification,
    content,
  });
  const [scan] = await database.db.select({ id: datasetScans.id }).from(datasetScans).where(eq(datasetScans.versionId, made.datasetVersion.id));
  await database.db.insert(datasetFindings).values({
    scanId: scan!.id,
    locationKind: 'column',
    location: 'ssn',
    entityType: 'US_SSN',
    count: 1,
    confidence: 0.97,
    detector: 'us-ssn',
    explanation: '1 US Social Security number in column "ssn".',
    maskedSamples: ['***-**-6789'],
  });
  return { ...made, content };
}

async function grantTo(person: TPerson, datasetId: string) {
  const asked = await requestAccess(person, { datasetId, purpose: 'train the default model', days: 7 });
  return (await decideAccess(people.owner, { id: asked.id, decision: 'approve', comment: '' })).grant!;
}

function register(ctx: TServiceContext, trainingData: unknown[]) {
  const metadata = ZVersionMetadataSchema.parse(versionMetadata({ trainingData }));
  return registerVersion(ctx, modelName, metadata, Readable.from([Buffer.from(buildClassifierModel(nextArtifact++))]));
}

const latestVersion = async () =>
  (await database.db.select({ v: registeredModels.latestVersion }).from(registeredModels).where(eq(registeredModels.name, modelName)))[0]!.v;

async function lastDenial(userId: string) {
  const [row] = await database.db
    .select({ body: auditEvents.body })
    .from(auditEvents)
    .where(and(eq(auditEvents.actorId, userId), eq(auditEvents.action, 'access.denied')))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return row ? (JSON.parse(row.body) as { subject: { id: string }; data: { action: string; reason: string } }) : null;
}

test('a version registered with trainingData (ids and dataset@version) links them; both pages show the link', async () => {
  const a = await dataset('internal');
  const b = await dataset('internal');
  const version = await register(people.scientist, [a.datasetVersion.id, { dataset: b.dataset.name, version: 1 }, a.datasetVersion.id]);
  assert.deepEqual(version.trainingData.map((d) => d.datasetVersionId).sort(), [a.datasetVersion.id, b.datasetVersion.id].sort(), 'duplicates linked once');
  assert.ok(version.trainingData.every((d) => d.visible && d.datasetName && d.number === 1));
  const edges = await database.db.select().from(modelVersionTrainingData).where(eq(modelVersionTrainingData.modelVersionId, version.id));
  assert.equal(edges.length, 2);
  // The dataset page lists the model version trained on it; the model version page lists the data.
  const page = await readDataset(people.engineer, a.dataset.id);
  assert.ok(page.versions[0]!.trainedModels.some((m) => m.modelName === modelName && m.version === version.version && m.modelVersionId === version.id));
  const again = await readVersion(people.engineer, { name: modelName, version: version.version });
  assert.equal(again.trainingData.length, 2);
  const [event] = await database.db
    .select({ body: auditEvents.body })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'model_version.created'), eq(auditEvents.subjectId, version.id)));
  assert.deepEqual((JSON.parse(event!.body) as { data: { trainingData: string[] } }).data.trainingData.sort(), edges.map((e) => e.datasetVersionId).sort());
});

test('unknown and invisible training data are refused alike (400 unknown_dataset_version); nothing is stored', async () => {
  const before = await latestVersion();
  await assert.rejects(register(people.scientist, ['00000000-0000-4000-8000-000000000000']), code('unknown_dataset_version'));
  const elsewhere = await dataset('internal', otherTeam);
  await assert.rejects(register(people.scientist, [elsewhere.datasetVersion.id]), code('unknown_dataset_version'));
  assert.equal((await lastDenial(people.scientist.userId))?.data.reason, 'not_visible');
  await assert.rejects(register(people.scientist, [{ dataset: elsewhere.dataset.name, version: 1 }]), code('unknown_dataset_version'));
  await assert.rejects(register(people.scientist, [{ dataset: 'no-such-dataset', version: 3 }]), code('unknown_dataset_version'));
  assert.throws(() => ZVersionMetadataSchema.parse(versionMetadata({ trainingData: ['not-a-uuid'] })));
  assert.equal(await latestVersion(), before, 'no version number used');
});

test('training on restricted data: refused without a grant, allowed with a live one, refused again a second after expiry and after revocation', async () => {
  const restricted = await dataset('restricted');
  const before = await latestVersion();
  await assert.rejects(register(people.scientist, [restricted.datasetVersion.id]), (error: unknown) => {
    code('grant_required')(error);
    const e = error as { message: string; details: { requestUrl: string } };
    assert.match(e.message, new RegExp(`dataset "${restricted.dataset.name}" \\(restricted\\)`));
    assert.equal(e.details.requestUrl, `/access?dataset=${restricted.dataset.id}`);
    return true;
  });
  assert.equal(await latestVersion(), before, 'nothing stored');
  const denial = await lastDenial(people.scientist.userId);
  assert.deepEqual([denial?.subject.id, denial?.data.action, denial?.data.reason], [restricted.datasetVersion.id, 'train-on', 'no_live_grant']);

  const grant = await grantTo(people.scientist, restricted.dataset.id);
  const linked = await register(people.scientist, [restricted.datasetVersion.id]);
  assert.equal(linked.trainingData[0]?.classification, 'restricted');

  // The clock: a grant that ended one second ago no longer counts, whatever the sweeper did.
  await database.db.update(accessGrants).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(accessGrants.id, grant.id));
  await assert.rejects(register(people.scientist, [restricted.datasetVersion.id]), code('grant_required'));

  const second = await grantTo(people.scientist, restricted.dataset.id);
  await register(people.scientist, [{ dataset: restricted.dataset.id, version: 1 }]);
  await revokeGrant(people.owner, { id: second.id, reason: 'project ended' });
  await assert.rejects(register(people.scientist, [restricted.datasetVersion.id]), code('grant_required'));
  // A grant that lapses while the artifact uploads: the check inside the registration transaction refuses, nothing is stored.
  const third = await grantTo(people.scientist, restricted.dataset.id);
  const beforeLapse = await latestVersion();
  const bytes = Buffer.from(buildClassifierModel(nextArtifact++));
  async function* slowUpload() {
    await database.db.update(accessGrants).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(accessGrants.id, third.id));
    yield bytes;
  }
  const metadata = ZVersionMetadataSchema.parse(versionMetadata({ trainingData: [restricted.datasetVersion.id] }));
  await assert.rejects(registerVersion(people.scientist, modelName, metadata, Readable.from(slowUpload())), code('grant_required'));
  assert.ok(await (await getArtifactStore()).has(sha256(bytes)), 'the upload was read: the refusal came from the check inside the transaction');
  assert.equal(await latestVersion(), beforeLapse, 'the lapsed grant stored nothing');
  assert.equal((await lastDenial(people.scientist.userId))?.data.action, 'train-on');

  // Confidential data is gated the same way; the engineer of the team holds no grant.
  const confidential = await dataset('confidential');
  await assert.rejects(register(people.engineer, [confidential.datasetVersion.id]), code('grant_required'));
});

test('masked samples and downloads of restricted content need a live grant; the owner and governance officers are exempt', async () => {
  const restricted = await dataset('restricted');
  const ref = { id: restricted.dataset.id, version: 1 };
  const samples = async (ctx: TServiceContext) => (await readDatasetVersion(ctx, restricted.datasetVersion.id)).findings.flatMap((f) => f.maskedSamples);

  // Without a grant: the summary (where, what, how many, why) but no samples, and no download.
  const summary = await readDatasetVersion(people.scientist, restricted.datasetVersion.id);
  assert.equal(summary.findings[0]?.entityType, 'US_SSN');
  assert.equal(summary.findings[0]?.count, 1);
  assert.deepEqual(await samples(people.scientist), []);
  assert.deepEqual([summary.content.gated, summary.content.allowed, summary.content.samplesWithheld], [true, false, true]);
  assert.equal(summary.content.requestUrl, `/access?dataset=${restricted.dataset.id}`);
  assert.equal(summary.content.canRequest, true, 'a scientist of the team is pointed at /access');
  assert.equal((await readDatasetVersion(people.auditor, restricted.datasetVersion.id)).content.canRequest, false, 'an auditor cannot ask');
  assert.equal((await readDataset(people.scientist, restricted.dataset.id)).content.allowed, false);
  await assert.rejects(openVersionContent(people.scientist, ref), code('grant_required'));
  assert.equal((await lastDenial(people.scientist.userId))?.data.action, 'download');
  for (const who of [people.engineer, people.auditor]) {
    assert.deepEqual(await samples(who), []);
    await assert.rejects(openVersionContent(who, ref), code('grant_required'));
  }
  await assert.rejects(openVersionContent(people.outsider, ref), code('not_found'), 'another team does not even see it');

  // The owner and a governance officer read without a grant.
  for (const who of [people.owner, people.officer]) {
    assert.deepEqual(await samples(who), ['***-**-6789']);
    assert.equal((await buffer((await openVersionContent(who, ref)).stream)).toString(), restricted.content);
  }

  // With a live grant: samples and the exact bytes, and the download is audited.
  const grant = await grantTo(people.scientist, restricted.dataset.id);
  assert.deepEqual(await samples(people.scientist), ['***-**-6789']);
  const download = await openVersionContent(people.scientist, ref);
  assert.equal((await buffer(download.stream)).toString(), restricted.content);
  const [event] = await database.db
    .select({ body: auditEvents.body })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'dataset_version.downloaded'), eq(auditEvents.actorId, people.scientist.userId)));
  assert.equal((JSON.parse(event!.body) as { data: { via: string } }).data.via, 'grant');

  // A second after expiry: withheld and refused again.
  await database.db.update(accessGrants).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(accessGrants.id, grant.id));
  assert.deepEqual(await samples(people.scientist), []);
  await assert.rejects(openVersionContent(people.scientist, ref), code('grant_required'));

  // Internal data needs no grant.
  const internal = await dataset('internal');
  assert.deepEqual((await readDatasetVersion(people.engineer, internal.datasetVersion.id)).findings[0]!.maskedSamples, ['***-**-6789']);
  assert.equal((await buffer((await openVersionContent(people.engineer, { id: internal.dataset.id, version: 1 })).stream)).toString(), internal.content);
});

test('REST: trainingData in the multipart metadata; the token needs datasets:read; GET …/content streams with a grant and refuses without', async () => {
  const restricted = await dataset('restricted');
  const call = async (token: string, method: string, path: string, body?: FormData) => {
    const req = new Request(`http://test/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}` }, body });
    return dispatchRest(req, path.split('/').filter(Boolean).map(decodeURIComponent));
  };
  const modelsOnly = (await createToken(people.scientist, { name: 'models only', scopes: ['models:write'], expiresInDays: 1 })).secret;
  const both = (await createToken(people.scientist, { name: 'pipeline', scopes: ['models:write', 'datasets:read'], expiresInDays: 1 })).secret;
  const form = () => uploadForm(versionMetadata({ trainingData: [{ dataset: restricted.dataset.name, version: 1 }] }), buildClassifierModel(nextArtifact++));
  const path = `/models/${modelName}/versions`;

  let res = await call(modelsOnly, 'POST', path, form());
  assert.equal(res.status, 403);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'insufficient_scope');
  res = await call(both, 'POST', path, form());
  assert.equal(res.status, 403);
  const refusal = (await res.json()) as { error: { code: string; message: string; details: { requestUrl: string } } };
  assert.equal(refusal.error.code, 'grant_required');
  assert.equal(refusal.error.details.requestUrl, `/access?dataset=${restricted.dataset.id}`);
  const content = `/datasets/${restricted.dataset.id}/versions/1/content`;
  res = await call(both, 'GET', content);
  assert.equal(res.status, 403);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'grant_required');

  await grantTo(people.scientist, restricted.dataset.id);
  res = await call(both, 'POST', path, form());
  assert.equal(res.status, 201);
  const created = (await res.json()) as { trainingData: { datasetVersionId: string; datasetName: string }[] };
  assert.deepEqual(created.trainingData.map((d) => d.datasetVersionId), [restricted.datasetVersion.id]);
  res = await call(both, 'GET', content);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), restricted.content);
  res = await call(modelsOnly, 'GET', content);
  assert.equal(res.status, 403, 'downloads need datasets:read');
});

test('CLI: modelgate register --trained-on dataset@version is refused without a grant (exit 1, grant_required) and links the data with one', async () => {
  const restricted = await dataset('restricted');
  const server = await startRestServer();
  try {
    const token = (await createToken(people.scientist, { name: 'cli', scopes: ['models:write', 'datasets:read'], expiresInDays: 1 })).secret;
    const dir = mkdtempSync(join(tmpdir(), 'mg-cli-trained-'));
    const file = join(dir, 'model.onnx');
    writeFileSync(file, buildClassifierModel(nextArtifact++));
    const register = () =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const args = ['cli/bin.mjs', 'register', modelName, file, '--repo', 'https://git.example.com/team/repo', '--train-commit', 'c'.repeat(40), '--predict-commit', 'd'.repeat(40)];
        args.push('--intended-use', 'Tests.', '--limitations', 'Only tests.', '--trained-on', `${restricted.dataset.name}@1`);
        execFile(process.execPath, args, { env: { ...process.env, MODELGATE_URL: server.url, MODELGATE_TOKEN: token } }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        );
      });
    const refused = await register();
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /grant_required: .*request access at \/access\?dataset=/);
    await grantTo(people.scientist, restricted.dataset.id);
    const ok = await register();
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, new RegExp(`trained on ${restricted.dataset.name} v1 \\(restricted\\)`));
  } finally {
    await server.close();
  }
});
