import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { modelVersionTrainingData } from '@/db/schema';
import { AppError } from '@/server/errors';
import { addEdge, upsertNode } from '@/server/lineage/graph-store';
import { dispatchRest } from '@/server/rest/dispatch';
import { appRouter } from '@/server/routers';
import type { TServiceContext } from '@/server/services/context';
import { findLineageNode, type TLineageGraph } from '@/server/services/lineage';
import { createToken } from '@/server/services/tokens';
import { openAppDatabase } from './helpers/app-database';
import { createPerson, createTeam, createTrainedVersion } from './helpers/governance';

/**
 * Team B's model was trained on a dataset of team A and on one of its own; team B's dataset came
 * from an unowned warehouse table; downstream, the model feeds a team A job whose output is a team B
 * dataset. Team B's scientist sees B's nodes only: everything else is cut and counted, never named,
 * and the walk does not pass through A's job to reach the B dataset behind it.
 */
let database: Awaited<ReturnType<typeof openAppDatabase>>;
let who: Record<'scientistA' | 'scientistB' | 'auditor' | 'officer', TServiceContext & { userId: string }>;
let tokens: Record<'scientistB' | 'scientistA', string>;
const secrets: string[] = [];
let node: Record<'modelB' | 'runB' | 'datasetB' | 'datasetA' | 'warehouse' | 'jobA' | 'behindJobA', string>;
let datasetVersionA: string;

before(async () => {
  database = await openAppDatabase();
  const { db } = database;
  const [teamA, teamB] = [await createTeam(db), await createTeam(db)];
  who = {
    scientistA: await createPerson(db, teamA, ['data_scientist']),
    scientistB: await createPerson(db, teamB, ['data_scientist']),
    auditor: await createPerson(db, teamA, ['auditor']),
    officer: await createPerson(db, teamB, ['governance_officer']),
  };
  const a = await createTrainedVersion(db, { teamId: teamA, creatorId: who.scientistA.userId, ownerId: who.scientistA.userId });
  const b = await createTrainedVersion(db, { teamId: teamB, creatorId: who.scientistB.userId, ownerId: who.scientistB.userId });
  datasetVersionA = a.datasetVersion.id;
  await db.insert(modelVersionTrainingData).values({ modelVersionId: b.version.id, datasetVersionId: a.datasetVersion.id });

  const auditor = who.auditor;
  const find = async (kind: 'model_version' | 'training_run' | 'dataset_version', subjectId: string) => (await findLineageNode(auditor, { kind, subjectId })).id;
  const tag = randomBytes(4).toString('hex');
  const warehouse = await upsertNode(db, { kind: 'external_dataset', namespace: 'postgres://warehouse', name: `finance.salaries_${tag}` });
  const jobA = await upsertNode(db, { kind: 'external_job', namespace: 'airflow', name: `alpha_private_job_${tag}`, teamId: teamA, label: `Alpha private job ${tag}` });
  const behindJobA = await upsertNode(db, { kind: 'external_dataset', namespace: 's3://beta', name: `beta_behind_alpha_${tag}`, teamId: teamB });
  node = {
    modelB: await find('model_version', b.version.id),
    runB: await find('training_run', b.version.id),
    datasetB: await find('dataset_version', b.datasetVersion.id),
    datasetA: await find('dataset_version', a.datasetVersion.id),
    warehouse,
    jobA,
    behindJobA,
  };
  await addEdge(db, warehouse, node.datasetB, 'input_of', 'openlineage');
  await addEdge(db, node.modelB, jobA, 'input_of', 'openlineage');
  await addEdge(db, jobA, behindJobA, 'output_of', 'openlineage');
  // What team B must never learn: ids, names and labels of the hidden nodes.
  secrets.push(node.datasetA, a.dataset.name, a.datasetVersion.id, a.datasetVersion.sha256, warehouse, `finance.salaries_${tag}`, jobA, `alpha_private_job_${tag}`, `Alpha private job ${tag}`, behindJobA, `beta_behind_alpha_${tag}`);

  tokens = {
    scientistB: (await createToken(who.scientistB, { name: 'lineage', scopes: ['lineage:read'], expiresInDays: 1 })).secret,
    scientistA: (await createToken(who.scientistA, { name: 'lineage', scopes: ['lineage:read'], expiresInDays: 1 })).secret,
  };
});
after(() => database?.cleanup());

const trpc = (ctx: TServiceContext) => appRouter.createCaller(ctx);

async function rest(path: string, token: string) {
  const req = new Request(`http://test/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  const res = await dispatchRest(req, path.split('?')[0]!.split('/').filter(Boolean));
  return { status: res.status, text: await res.text() };
}

function assertNoSecrets(text: string) {
  const leaked = secrets.filter((secret) => text.includes(secret));
  assert.deepEqual(leaked, [], 'hidden nodes must not be named');
}

function codeOf(error: unknown) {
  const cause = error instanceof TRPCError ? error.cause : error;
  return cause instanceof AppError ? cause.code : String(error);
}

test('tRPC: a data scientist sees their team’s lineage only; the rest is an opaque count', async () => {
  const graph = await trpc(who.scientistB).lineage.graph({ nodeIds: [node.modelB], direction: 'both' });
  assert.deepEqual(graph.nodes.map((n) => n.id).sort(), [node.modelB, node.runB, node.datasetB].sort());
  assert.equal(graph.hidden, 3, 'team A’s dataset, the unowned warehouse table and team A’s job');
  assert.ok(!graph.nodes.some((n) => n.id === node.behindJobA), 'the walk does not pass through a hidden node');
  for (const edge of graph.edges) assert.ok(graph.nodes.some((n) => n.id === edge.fromId) && graph.nodes.some((n) => n.id === edge.toId));
  assertNoSecrets(JSON.stringify(graph));
});

test('tRPC: auditors and governance officers see every team’s nodes and the unowned ones', async () => {
  for (const ctx of [who.auditor, who.officer]) {
    const graph: TLineageGraph = await trpc(ctx).lineage.graph({ nodeIds: [node.modelB], direction: 'both' });
    assert.deepEqual(graph.nodes.map((n) => n.id).sort(), Object.values(node).sort());
    assert.equal(graph.hidden, 0);
  }
});

test('tRPC: another team’s node is not found, exactly like a missing one, and its name is not echoed', async () => {
  for (const attempt of [
    () => trpc(who.scientistA).lineage.graph({ nodeIds: [node.modelB] }),
    () => trpc(who.scientistB).lineage.graph({ nodeIds: [node.modelB, node.warehouse] }),
    () => trpc(who.scientistB).lineage.node({ id: node.datasetA }),
    () => trpc(who.scientistB).lineage.node({ kind: 'dataset_version', subjectId: datasetVersionA }),
  ]) {
    const error = await attempt().then(() => null, (e: unknown) => e);
    assert.equal(codeOf(error), 'not_found');
    assertNoSecrets(String((error as Error).message));
  }
  const missing = await trpc(who.scientistB).lineage.node({ id: '00000000-0000-4000-8000-000000000000' }).catch((e: unknown) => e);
  assert.equal((missing as Error).message, (await trpc(who.scientistB).lineage.node({ id: node.datasetA }).catch((e: unknown) => e) as Error).message);
});

test('REST: the same cut, the same count, nothing named', async () => {
  const res = await rest(`/lineage/graph?nodes=${node.modelB}&direction=both`, tokens.scientistB);
  assert.equal(res.status, 200);
  const graph = JSON.parse(res.text) as TLineageGraph;
  assert.deepEqual(graph.nodes.map((n) => n.id).sort(), [node.modelB, node.runB, node.datasetB].sort());
  assert.equal(graph.hidden, 3);
  assertNoSecrets(res.text);

  const upstreamOnly = JSON.parse((await rest(`/lineage/graph?nodes=${node.datasetB}&direction=upstream`, tokens.scientistB)).text) as TLineageGraph;
  assert.deepEqual(upstreamOnly.nodes.map((n) => n.id), [node.datasetB]);
  assert.equal(upstreamOnly.hidden, 1, 'the warehouse table');

  for (const path of [
    `/lineage/nodes/${node.datasetA}`,
    `/lineage/nodes?kind=dataset_version&subjectId=${datasetVersionA}`,
    `/lineage/graph?nodes=${node.datasetB},${node.jobA}`,
  ]) {
    const denied = await rest(path, tokens.scientistB);
    assert.equal(denied.status, 404, path);
    assert.equal((JSON.parse(denied.text) as { error: { code: string } }).error.code, 'not_found');
    assertNoSecrets(denied.text);
  }
  assert.equal((await rest(`/lineage/nodes/${node.modelB}`, tokens.scientistA)).status, 404);
  assert.equal((await rest(`/lineage/nodes/${node.datasetA}`, tokens.scientistA)).status, 200);
});

test('REST: bad input is a 400 that names the problem', async () => {
  for (const [path, field] of [
    ['/lineage/graph?nodes=not-a-uuid', 'query.nodes'],
    [`/lineage/graph?nodes=${node.modelB}&direction=sideways`, 'query.direction'],
    [`/lineage/graph?nodes=${node.modelB}&depth=-1`, 'query.depth'],
    [`/lineage/graph?nodes=${node.modelB}&colour=red`, 'query'],
    ['/lineage/nodes?kind=model_version', 'query'],
  ] as const) {
    const res = await rest(path, tokens.scientistB);
    assert.equal(res.status, 400, path);
    const body = JSON.parse(res.text) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'invalid_input');
    assert.ok(body.error.message.includes(field), `${path}: ${body.error.message}`);
  }
});
