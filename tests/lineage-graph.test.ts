import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type TDatabase } from '@/db/client';
import { modelVersions } from '@/db/schema';
import { addEdge, findNode, upsertNode } from '@/server/lineage/graph-store';
import { insertPredictionRows, serializeRecord } from '@/server/serving/prediction-recorder';
import { findLineageNode, queryLineage } from '@/server/services/lineage';
import type { TServiceContext } from '@/server/services/context';
import { createTestDatabase } from './helpers/db';
import { createPerson, createTeam, createTrainedVersion } from './helpers/governance';
import { createDeployedVersion, predictionOf } from './helpers/predictions';

let database: TDatabase;
let auditor: TServiceContext & { userId: string };
let teamId: string;

before(async () => {
  database = await createTestDatabase();
  teamId = await createTeam(database.db);
  auditor = await createPerson(database.db, teamId, ['auditor']);
});
after(() => database?.close());

const labels = (graph: { nodes: { kind: string; depth: number }[] }) => graph.nodes.map((n) => `${n.kind}@${n.depth}`);
const tag = () => randomBytes(4).toString('hex');

test('a deployed version’s facts appear in the graph as they are written: data → run → version → deployment → daily prediction batches', async () => {
  const deployed = await createDeployedVersion(database.db, teamId);
  const day1 = new Date('2026-03-01T10:00:00Z');
  const day2 = new Date('2026-03-02T23:59:59Z');
  // Many predictions of one day make one batch; a second day makes a second one.
  const rows = [...Array.from({ length: 50 }, (_, i) => predictionOf(deployed, new Date(day1.getTime() + i * 1000))), predictionOf(deployed, day2)];
  await insertPredictionRows(database, `[${rows.map(serializeRecord).join(',')}]`);
  await insertPredictionRows(database, `[${[predictionOf(deployed, day1)].map(serializeRecord).join(',')}]`);

  const [trained] = rowsOf<{ dataset_version_id: string }>(
    await database.db.execute(sql`select dataset_version_id from model_version_training_data where model_version_id = ${deployed.version.id}`),
  );
  const start = await findLineageNode(auditor, { kind: 'dataset_version', subjectId: trained!.dataset_version_id });
  const graph = await queryLineage(auditor, { nodeIds: [start.id], direction: 'downstream' });
  assert.deepEqual(labels(graph), ['dataset_version@0', 'training_run@1', 'model_version@2', 'deployment@3', 'prediction_batch@4', 'prediction_batch@4']);
  assert.deepEqual(
    graph.nodes.filter((n) => n.kind === 'prediction_batch').map((n) => n.name).sort(),
    ['2026-03-01', '2026-03-02'],
  );
  const relation = (from: string, to: string) => {
    const id = (kind: string) => graph.nodes.filter((n) => n.kind === kind).map((n) => n.id);
    return graph.edges.filter((e) => id(from).includes(e.fromId) && id(to).includes(e.toId)).map((e) => e.relation);
  };
  assert.deepEqual(relation('dataset_version', 'training_run'), ['trained_on']);
  assert.deepEqual(relation('training_run', 'model_version'), ['produced']);
  assert.deepEqual(relation('model_version', 'deployment'), ['deployed_as']);
  assert.deepEqual(relation('deployment', 'prediction_batch'), ['served', 'served']);
  assert.equal(graph.truncated, false);
  const run = graph.nodes.find((n) => n.kind === 'training_run')!;
  assert.equal(run.facets.codeHash, (deployed.version.trainingCode as { commit: string }).commit, 'the run carries the training code hash');
  // Every node links to its page.
  assert.match(start.href, new RegExp(`^/datasets/[0-9a-f-]+/versions/${trained!.dataset_version_id}$`));
  assert.equal(graph.nodes.find((n) => n.kind === 'model_version')!.href, `/models/${deployed.model.name}/versions/1`);
});

test('upstream to a depth limit stops there and says so; any depth reaches the source', async () => {
  const who = auditor.userId;
  const { version } = await createTrainedVersion(database.db, { teamId, creatorId: who, ownerId: who });
  const node = await findLineageNode(auditor, { kind: 'model_version', subjectId: version.id });
  const oneHop = await queryLineage(auditor, { nodeIds: [node.id], direction: 'upstream', depth: 1 });
  assert.deepEqual(labels(oneHop), ['model_version@0', 'training_run@1']);
  assert.equal(oneHop.truncated, true);
  const all = await queryLineage(auditor, { nodeIds: [node.id], direction: 'upstream' });
  assert.deepEqual(labels(all), ['model_version@0', 'training_run@1', 'dataset_version@2']);
  assert.equal(all.truncated, false);
});

test('a set of start nodes: the union of their lineage, each node once at its nearest distance', async () => {
  const who = auditor.userId;
  const a = await createTrainedVersion(database.db, { teamId, creatorId: who, ownerId: who });
  const b = await createTrainedVersion(database.db, { teamId, creatorId: who, ownerId: who });
  const nodeA = await findLineageNode(auditor, { kind: 'model_version', subjectId: a.version.id });
  const nodeB = await findLineageNode(auditor, { kind: 'model_version', subjectId: b.version.id });
  const graph = await queryLineage(auditor, { nodeIds: [nodeA.id, nodeB.id], direction: 'upstream' });
  assert.equal(graph.nodes.length, 6);
  assert.equal(new Set(graph.nodes.map((n) => n.id)).size, 6);
  assert.deepEqual(graph.nodes.filter((n) => n.depth === 0).map((n) => n.id).sort(), [nodeA.id, nodeB.id].sort());
});

test('cycles end the walk: every node once, at any depth', async () => {
  const ns = `cycle-${tag()}`;
  const ids = [];
  for (const name of ['a', 'b', 'c', 'd']) ids.push(await upsertNode(database.db, { kind: 'external_dataset', namespace: ns, name }));
  const [a, b, c, d] = ids as [string, string, string, string];
  // a → b → c → a, and c → d; plus a diamond a → d.
  for (const [from, to] of [[a, b], [b, c], [c, a], [c, d], [a, d]] as const) await addEdge(database.db, from, to, 'input_of', 'openlineage');
  const down = await queryLineage(auditor, { nodeIds: [a], direction: 'downstream' });
  assert.deepEqual(down.nodes.map((n) => [n.name, n.depth]), [['a', 0], ['b', 1], ['d', 1], ['c', 2]]);
  assert.equal(down.edges.length, 5);
  const both = await queryLineage(auditor, { nodeIds: [b], direction: 'both', depth: 1000 });
  assert.deepEqual(both.nodes.map((n) => n.name).sort(), ['a', 'b', 'c', 'd']);
});

test('upsertNode and addEdge are idempotent; an external node is keyed by namespace and name', async () => {
  const ns = `idem-${tag()}`;
  const first = await upsertNode(database.db, { kind: 'external_dataset', namespace: ns, name: 'db.orders', facets: { schema: 1 } });
  const again = await upsertNode(database.db, { kind: 'external_dataset', namespace: ns, name: 'db.orders', label: 'Orders', facets: { owner: 'x' } });
  assert.equal(again, first);
  assert.equal(await findNode(database.db, { kind: 'external_dataset', namespace: ns, name: 'db.orders' }), first);
  const job = await upsertNode(database.db, { kind: 'external_job', namespace: ns, name: 'db.orders' });
  assert.notEqual(job, first, 'the kind is part of the key');
  assert.equal(await addEdge(database.db, first, job, 'input_of', 'openlineage'), true);
  assert.equal(await addEdge(database.db, first, job, 'input_of', 'openlineage'), false);
  const node = await findLineageNode(auditor, { id: first });
  assert.equal(node.label, 'Orders');
  assert.deepEqual(node.facets, { schema: 1, owner: 'x' });
  assert.equal(node.teamId, null);
});

test('a model version that rolls back leaves no lineage behind', async () => {
  const who = auditor.userId;
  const { model } = await createTrainedVersion(database.db, { teamId, creatorId: who, ownerId: who });
  const before = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from lineage_nodes`))[0]!.n;
  await assert.rejects(
    database.db.transaction(async (tx) => {
      await tx.insert(modelVersions).values({
        modelId: model.id,
        version: 2,
        artifactSha256: 'c'.repeat(64),
        artifactSize: 1,
        artifactFormat: 'onnx',
        artifactKey: `a/${tag()}`,
        trainingCode: { contentSha256: 'd'.repeat(64) },
        predictionCode: { contentSha256: 'd'.repeat(64) },
        dependencies: {},
        parameters: {},
        metrics: {},
        modelCard: { intendedUse: '', limitations: '', ethicalConsiderations: '' },
        createdBy: who,
      });
      const inside = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from lineage_nodes`))[0]!.n;
      assert.equal(inside, before + 2, 'the version and its training run, in the same transaction');
      throw new Error('roll back');
    }),
    /roll back/,
  );
  const afterCount = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from lineage_nodes`))[0]!.n;
  assert.equal(afterCount, before);
});

test('the migrations’ backfill rebuilds the same graph from the recorded facts', async () => {
  const snapshot = async () =>
    rowsOf<{ k: string }>(
      await database.db.execute(sql`
        select f.kind || ':' || coalesce(f.subject_id::text, f.namespace || '/' || f.name) || ' -' || e.relation || '-> ' ||
               t.kind || ':' || coalesce(t.subject_id::text, t.namespace || '/' || t.name) as k
          from lineage_edges e join lineage_nodes f on f.id = e.from_id join lineage_nodes t on t.id = e.to_id
         where e.source = 'modelgate' order by 1`),
    ).map((r) => r.k);
  const original = await snapshot();
  assert.ok(original.length >= 10);
  await database.db.execute(sql`delete from lineage_edges where source = 'modelgate'`);
  await database.db.execute(sql`delete from lineage_nodes n where n.kind in ('dataset_version', 'training_run', 'model_version', 'deployment', 'prediction_batch')`);
  // The backfill statements as the migrations run them.
  const statements = ['0007_lineage_triggers.sql', '0010_lineage_prediction_batches.sql']
    .flatMap((file) => readFileSync(`db/migrations/${file}`, 'utf8').split('--> statement-breakpoint'))
    .map((s) => s.trim())
    .filter((s) => /^(SELECT lineage_|-- Backfill)/.test(s));
  assert.equal(statements.length, 5);
  for (const statement of statements) await database.db.execute(sql.raw(statement));
  assert.deepEqual(await snapshot(), original);
});
