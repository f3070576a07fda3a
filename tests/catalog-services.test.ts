import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { auditEvents, modelVersions } from '@/db/schema';
import { buildClassifierModel } from '@/server/onnx/demo-models';
import { serviceContext, type TServiceContext } from '@/server/services/context';
import {
  createModel,
  listVersions,
  openArtifact,
  readModel,
  readVersion,
  registerVersion,
  searchModels,
  ZSearchModelsSchema,
  ZVersionMetadataSchema,
} from '@/server/services/models';
import type { TRole } from '@/policies/vocabulary';
import { openAppDatabase } from './helpers/app-database';
import { onPostgres } from './helpers/db';
import { sha256, versionMetadata } from './helpers/catalog';
import { demoContexts } from './helpers/demo-actors';
import { userActor } from './helpers/actors';

let database: Awaited<ReturnType<typeof openAppDatabase>>;
const as = {} as Record<TRole | 'fraud_scientist', TServiceContext>;
let creditRisk: string;
let fraud: string;

before(async () => {
  database = await openAppDatabase();
  const { db } = database;
  const demo = await demoContexts(db);
  Object.assign(as, demo.as);
  ({ creditRisk, fraud } = demo);
  const [fay] = rowsOf<{ id: string }>(await db.execute(sql`select id from users where email = 'fraud-scientist@modelgate.local'`));
  as.fraud_scientist = serviceContext(db, userActor(fay!.id, ['data_scientist'], [fraud]));
});
after(() => database?.cleanup());

const search = (ctx: TServiceContext, input: Record<string, unknown> = {}) => searchModels(ctx, ZSearchModelsSchema.parse(input));
const metadata = (overrides?: Record<string, unknown>) => ZVersionMetadataSchema.parse(versionMetadata(overrides));
const code = (expected: string) => (error: unknown) => (error as { code?: string }).code === expected;

test('the demo seed registers two team models with ONNX versions whose artifacts and signatures are real', async () => {
  const { models } = await search(as.auditor);
  assert.deepEqual(models.map((m) => [m.name, m.teamName, m.latestVersion]), [
    ['credit-default-classifier', 'Credit Risk', 3],
    ['fraud-loss-estimator', 'Fraud Detection', 2],
  ]);
  const v3 = await readVersion(as.auditor, { name: 'credit-default-classifier', version: 3 });
  assert.equal(v3.artifactSha256, sha256(buildClassifierModel(3)));
  assert.deepEqual(v3.signature?.inputs, [{ name: 'features', type: 'float32', shape: ['N', 4] }]);
  assert.deepEqual(v3.signature?.outputs.map((o) => o.name), ['probability', 'label']);
  const download = await openArtifact(as.auditor, { name: 'credit-default-classifier', version: 3 });
  assert.equal(sha256(await buffer(download.stream)), v3.artifactSha256);
});

test('data scientists see only their teams; oversight roles see all; hidden rows are 404', async () => {
  assert.deepEqual((await search(as.data_scientist)).models.map((m) => m.name), ['credit-default-classifier']);
  assert.deepEqual((await search(as.fraud_scientist)).models.map((m) => m.name), ['fraud-loss-estimator']);
  assert.equal((await search(as.ml_engineer)).models.length, 2, 'the engineer is in both teams');
  assert.equal((await search(as.data_owner)).models.length, 1);
  await assert.rejects(readModel(as.fraud_scientist, 'credit-default-classifier'), code('not_found'));
  await assert.rejects(readVersion(as.fraud_scientist, { name: 'credit-default-classifier', version: 1 }), code('not_found'));
  await assert.rejects(listVersions(as.fraud_scientist, { name: 'credit-default-classifier', limit: 10 }), code('not_found'));
  await assert.rejects(openArtifact(as.fraud_scientist, { name: 'credit-default-classifier', version: 1 }), code('not_found'));
  const upload = () => Readable.from([Buffer.from(buildClassifierModel(9))]);
  await assert.rejects(registerVersion(as.fraud_scientist, 'credit-default-classifier', metadata(), upload()), code('not_found'));
  // Admins and data owners read the catalog but may not download or register.
  await assert.rejects(openArtifact(as.admin, { name: 'credit-default-classifier', version: 1 }), code('forbidden'));
  await assert.rejects(openArtifact(as.data_owner, { name: 'credit-default-classifier', version: 1 }), code('forbidden'));
  await assert.rejects(registerVersion(as.governance_officer, 'credit-default-classifier', metadata(), upload()), code('forbidden'));
  const elsewhere = { name: 'not-my-team', teamId: fraud, description: '', tags: [], riskTier: 'low' as const };
  await assert.rejects(createModel(as.data_scientist, elsewhere), code('not_found'), 'a team one is not in is not visible');
  await assert.rejects(createModel(as.governance_officer, elsewhere), code('forbidden'));
});

test('search filters by name, tag, team and creator, and pages by keyset without gaps or repeats', async () => {
  const made: string[] = [];
  for (let i = 0; i < 7; i++) {
    const name = `Paging_Model-${i}`;
    made.push(name);
    await createModel(as.data_scientist, { name, teamId: creditRisk, description: '', tags: i % 2 ? ['odd'] : ['even'], riskTier: 'low' });
  }
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await search(as.data_scientist, { q: 'ging_mod', limit: 3, ...(cursor ? { cursor } : {}) });
    assert.ok(page.models.length <= 3);
    seen.push(...page.models.map((m) => m.name));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  assert.deepEqual(seen, made, 'q is a case-insensitive substring; "_" is matched literally');
  assert.deepEqual((await search(as.data_scientist, { q: 'paging%' })).models, [], '"%" is matched literally');
  assert.equal((await search(as.data_scientist, { tag: 'ODD' })).models.length, 3);
  assert.equal((await search(as.auditor, { team: 'fraud detection' })).models.length, 1);
  assert.deepEqual((await search(as.auditor, { creator: 'fay fraud' })).models.map((m) => m.name), ['fraud-loss-estimator']);
  assert.equal((await search(as.auditor, { creator: 'sam scientist' })).models.length, 8);
  await assert.rejects(search(as.auditor, { cursor: 'not a cursor!' }), code('invalid_input'));
});

test('a duplicate name, in any case, is 409 and adds nothing', async () => {
  const before = (await search(as.auditor, { limit: 100 })).models.length;
  const duplicate = { name: 'CREDIT-Default-Classifier', teamId: creditRisk, description: '', tags: [], riskTier: 'low' as const };
  await assert.rejects(createModel(as.data_scientist, duplicate), code('conflict'));
  assert.equal((await search(as.auditor, { limit: 100 })).models.length, before);
});

test('concurrent registrations of one model get consecutive, unique version numbers', async () => {
  await createModel(as.data_scientist, { name: 'concurrent-model', teamId: creditRisk, description: '', tags: [], riskTier: 'low' });
  const results = await Promise.all(
    [1, 2, 3, 4, 5].map((v) =>
      registerVersion(as.data_scientist, 'concurrent-model', metadata(), Readable.from([Buffer.from(buildClassifierModel(v))])),
    ),
  );
  assert.deepEqual(results.map((r) => r.version).sort(), [1, 2, 3, 4, 5]);
  const { versions } = await listVersions(as.data_scientist, { name: 'concurrent-model', limit: 2 });
  assert.deepEqual(versions.map((v) => v.version), [5, 4]);
  const events = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'model_version.created'));
  assert.equal(events.filter((e) => results.some((r) => r.id === e.subjectId)).length, 5, 'one audit event per version');
});

test('the database refuses to change or remove a recorded version', async () => {
  const [version] = await database.db.select().from(modelVersions).limit(1);
  const refused = (query: PromiseLike<unknown>) =>
    assert.rejects(Promise.resolve(query), (error: Error & { cause?: Error }) => {
      assert.match((error.cause ?? error).message, /model_versions is immutable \((UPDATE|DELETE|TRUNCATE) refused\)/);
      return true;
    });
  await refused(database.db.update(modelVersions).set({ metrics: { auc: 1 } }).where(eq(modelVersions.id, version!.id)));
  await refused(database.db.update(modelVersions).set({ artifactSha256: 'f'.repeat(64) }).where(eq(modelVersions.id, version!.id)));
  await refused(database.db.delete(modelVersions).where(eq(modelVersions.id, version!.id)));
  await refused(database.db.execute(sql`truncate model_versions cascade`));
  if (onPostgres) {
    // Replica mode skips ordinary triggers; these are ENABLE ALWAYS.
    await refused(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.update(modelVersions).set({ metrics: { auc: 1 } }).where(eq(modelVersions.id, version!.id));
      }),
    );
  }
  const [after] = await database.db.select().from(modelVersions).where(eq(modelVersions.id, version!.id));
  assert.deepEqual(after, version);
});
