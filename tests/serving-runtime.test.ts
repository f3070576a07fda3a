import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { predictions } from '@/db/schema';
import { buildClassifierModel } from '@/server/onnx/demo-models';
import { recordDeployment } from '@/server/services/deployments';
import { ServingRuntime } from '@/server/serving/runtime';
import { getArtifactStore } from '@/server/storage/runtime-store';
import { artifactKey } from '@/server/storage/artifact-store';
import { sha256 } from './helpers/catalog';
import { callRest, createServingFixture, expectedClassifier, expectedRegression, openServingDatabase } from './helpers/serving';

let database: Awaited<ReturnType<typeof openServingDatabase>>;
let fx: Awaited<ReturnType<typeof createServingFixture>>;
let token: string;
const approvals: Record<string, string> = {};

const ROWS = [
  [0.5, 1, 2, 0.25],
  [-1, 0.75, -0.5, 3],
  [2.5, -2, 1.25, -0.125],
];

const predictPath = (model: string, version?: number, env = 'staging') =>
  `/serve/${env}/models/${model}${version === undefined ? '' : `/versions/${version}`}/predict`;

async function predictionCount(): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(await database.db.execute(sql`select count(*)::int as n from predictions`));
  return Number(row!.n);
}

/** Polls until the answer has `code` (or status 200 when code is 'ok'); returns how long it took. */
async function waitFor(path: string, code: string, timeoutMs = 6000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const res = await callRest('POST', path, { token, body: { inputs: { features: [ROWS[0]] } } });
    const got = res.status === 200 ? 'ok' : res.body.error!.code;
    if (got === code) return Date.now() - started;
    if (Date.now() - started > timeoutMs) assert.fail(`${path}: still ${got} after ${timeoutMs} ms, expected ${code}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

before(async () => {
  database = await openServingDatabase();
  fx = await createServingFixture(database.db);
  await fx.registerModel('clf', 2);
  await fx.registerModel('reg', 1, 'regression');
  approvals.clf1 = await fx.approve('clf', 1);
  approvals.clf2 = await fx.approve('clf', 2);
  await recordDeployment(fx.engineer, { name: 'clf', version: 2, environment: 'staging' });
  token = await fx.tokenFor(fx.engineer, ['serving:predict']);
});
after(() => database?.cleanup());

describe('an approved, deployed version', () => {
  test('answers with the numbers computed here, and its prediction row is stored first', async () => {
    const res = await callRest('POST', predictPath('clf'), { token, body: { inputs: { features: ROWS } } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const answer = res.body as { requestId: string; version: number; outputs: { probability: number[][]; label: number[] } };
    assert.equal(answer.version, 2);
    const expected = expectedClassifier(2, ROWS);
    answer.outputs.probability.forEach((p, i) => p.forEach((v, j) => assert.ok(Math.abs(v - expected[i]!.probability[j]!) < 1e-6, `row ${i} p${j}: ${v}`)));
    assert.deepEqual(answer.outputs.label, expected.map((e) => e.label));
    const [row] = await database.db.select().from(predictions).where(eq(predictions.requestId, answer.requestId));
    assert.ok(row, 'the prediction row exists when the answer arrives');
    assert.deepEqual(row.input, { inputs: { features: ROWS } });
    assert.deepEqual(row.output, answer.outputs);
    assert.equal(row.callerUserId, fx.engineer.userId);
  });

  test('records are stacked into tensors by the signature', async () => {
    const res = await callRest('POST', predictPath('clf', 2), { token, body: { records: ROWS.map((features) => ({ features })) } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual((res.body.outputs as { label: number[] }).label, expectedClassifier(2, ROWS).map((e) => e.label));
  });

  test('a regression version answers exactly once deployed; before, it is not served', async () => {
    const before = await callRest('POST', predictPath('reg'), { token, body: { inputs: { features: ROWS } } });
    assert.equal(before.status, 403);
    assert.equal(before.body.error!.code, 'not_deployed');
    await fx.approve('reg', 1);
    await recordDeployment(fx.engineer, { name: 'reg', version: 1, environment: 'staging' });
    await waitFor(predictPath('reg'), 'ok');
    const res = await callRest('POST', predictPath('reg'), { token, body: { inputs: { features: ROWS } } });
    assert.deepEqual(res.body.outputs, { prediction: expectedRegression(1, ROWS).map((v) => [v]) });
  });

  test('a version that is not the deployed one is refused by name', async () => {
    const res = await callRest('POST', predictPath('clf', 1), { token, body: { inputs: { features: [ROWS[0]] } } });
    assert.equal(res.status, 403);
    assert.equal(res.body.error!.code, 'not_deployed');
    assert.match(res.body.error!.message, /version 2 is/);
  });
});

describe('callers', () => {
  test('a token without serving:predict, another team, and no token are refused; nothing is stored', async () => {
    const count = await predictionCount();
    const noScope = await fx.tokenFor(fx.engineer, ['models:read']);
    const res = await callRest('POST', predictPath('clf'), { token: noScope, body: { inputs: { features: [ROWS[0]] } } });
    assert.equal(res.body.error!.code, 'insufficient_scope');
    const outsider = await createServingFixture(database.db);
    const other = await outsider.tokenFor(outsider.engineer, ['serving:predict']);
    const hidden = await callRest('POST', predictPath('clf'), { token: other, body: { inputs: { features: [ROWS[0]] } } });
    assert.equal(hidden.status, 404, JSON.stringify(hidden.body));
    const anonymous = await callRest('POST', predictPath('clf'), { body: { inputs: { features: [ROWS[0]] } } });
    assert.equal(anonymous.status, 401);
    assert.equal(await predictionCount(), count);
  });
});

describe('bad input', () => {
  const cases: Array<[string, { body?: unknown; rawBody?: string; contentType?: string }, number, string]> = [
    ['wrong tensor name', { body: { inputs: { feature: [ROWS[0]] } } }, 400, 'unknown_input'],
    ['missing tensor', { body: { inputs: {} } }, 400, 'missing_input'],
    ['wrong width', { body: { inputs: { features: [[1, 2, 3]] } } }, 400, 'wrong_shape'],
    ['wrong rank', { body: { inputs: { features: [1, 2, 3, 4] } } }, 400, 'wrong_shape'],
    ['ragged rows', { body: { inputs: { features: [[1, 2, 3, 4], [1, 2, 3]] } } }, 400, 'wrong_shape'],
    ['strings for floats', { body: { inputs: { features: [['a', 2, 3, 4]] } } }, 400, 'wrong_type'],
    ['booleans for floats', { body: { inputs: { features: [[true, 2, 3, 4]] } } }, 400, 'wrong_type'],
    ['NaN as a string', { body: { inputs: { features: [['NaN', 2, 3, 4]] } } }, 400, 'non_finite_value'],
    ['NaN as JSON null', { body: { inputs: { features: [[null, 2, 3, 4]] } } }, 400, 'non_finite_value'],
    ['Infinity from an overflowing literal', { rawBody: '{"inputs":{"features":[[1e400,2,3,4]]}}' }, 400, 'non_finite_value'],
    ['over float32 range', { body: { inputs: { features: [[1e39, 2, 3, 4]] } } }, 400, 'non_finite_value'],
    ['batch over the limit', { body: { inputs: { features: Array.from({ length: 1001 }, () => [1, 2, 3, 4]) } } }, 400, 'batch_too_large'],
    ['records over the limit', { body: { records: Array.from({ length: 1001 }, () => ({ features: [1, 2, 3, 4] })) } }, 400, 'batch_too_large'],
    ['empty batch', { body: { inputs: { features: [] } } }, 400, 'wrong_shape'],
    ['record with an unknown field', { body: { records: [{ features: [1, 2, 3, 4], age: 3 }] } }, 400, 'unknown_input'],
    ['both inputs and records', { body: { inputs: { features: [ROWS[0]] }, records: [{ features: ROWS[0] }] } }, 400, 'invalid_input'],
    ['an unknown top-level field', { body: { instances: [ROWS[0]] } }, 400, 'invalid_input'],
    ['not JSON', { rawBody: '{"inputs": {"features": [[1,2,3,4]]' }, 400, 'invalid_json'],
    ['not JSON at all', { rawBody: 'features=1,2,3,4' }, 400, 'invalid_json'],
    ['another media type', { rawBody: 'features=1,2,3,4', contentType: 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type'],
    ['an oversized body', { rawBody: `{"inputs":{"features":[[${'1,'.repeat(600_000)}1]]}}` }, 413, 'payload_too_large'],
  ];
  for (const [name, request, status, code] of cases) {
    test(`${name}: ${status} ${code}, nothing stored`, async () => {
      const count = await predictionCount();
      const res = await callRest('POST', predictPath('clf'), { token, ...request });
      assert.equal(res.status, status, JSON.stringify(res.body).slice(0, 300));
      assert.equal(res.body.error!.code, code);
      assert.ok(res.body.error!.message.length > 10);
      assert.equal(await predictionCount(), count);
    });
  }
});

describe('changes reach the serving layer without a restart', () => {
  test('a notification alone (no periodic re-check) applies a revocation within a second', async () => {
    await fx.registerModel('notified', 1);
    const request = await fx.approve('notified', 1);
    await recordDeployment(fx.engineer, { name: 'notified', version: 1, environment: 'staging' });
    const runtime = await ServingRuntime.start(database, 'staging', { store: await getArtifactStore(), refreshMs: 3_600_000 });
    try {
      assert.equal(runtime.lookup('notified')?.approval.state, 'approved');
      await fx.revoke(request, 'notification test');
      const started = Date.now();
      while (runtime.lookup('notified')?.approval.state !== 'revoked') {
        assert.ok(Date.now() - started < 1000, 'the revocation arrived by notification');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await runtime.close();
    }
  });

  test('revoking the approval refuses the version within seconds, naming the reason', async () => {
    await fx.registerModel('revoked', 1);
    const request = await fx.approve('revoked', 1);
    await recordDeployment(fx.engineer, { name: 'revoked', version: 1, environment: 'staging' });
    await waitFor(predictPath('revoked'), 'ok');
    await fx.revoke(request, 'bias found in review');
    const took = await waitFor(predictPath('revoked'), 'approval_revoked');
    assert.ok(took < 4000, `refused after ${took} ms`);
    const res = await callRest('POST', predictPath('revoked'), { token, body: { inputs: { features: [ROWS[0]] } } });
    assert.equal(res.status, 403);
    assert.match(res.body.error!.message, /bias found in review/);
  });

  test('an approval that expires is refused from its expiry on', async () => {
    await fx.registerModel('expiring', 1);
    const request = await fx.approve('expiring', 1);
    await recordDeployment(fx.engineer, { name: 'expiring', version: 1, environment: 'staging' });
    await waitFor(predictPath('expiring'), 'ok');
    // The approval now ends in a second: served until then, refused from then on.
    await fx.expireAt(request, new Date(Date.now() + 1000));
    const took = await waitFor(predictPath('expiring'), 'approval_expired');
    assert.ok(took < 4000, `refused after ${took} ms`);
  });

  test('a rollback to an earlier approved version is served with that version’s numbers', async () => {
    const rollback = await recordDeployment(fx.engineer, { name: 'clf', version: 1, environment: 'staging', note: 'roll back' });
    assert.equal(rollback.kind, 'rollback');
    await waitFor(predictPath('clf', 1), 'ok');
    const res = await callRest('POST', predictPath('clf'), { token, body: { inputs: { features: ROWS } } });
    assert.equal(res.body.version, 1);
    assert.deepEqual((res.body.outputs as { label: number[] }).label, expectedClassifier(1, ROWS).map((e) => e.label));
    await recordDeployment(fx.engineer, { name: 'clf', version: 2, environment: 'staging' });
    await waitFor(predictPath('clf', 2), 'ok');
  });
});

test('a swapped artifact file (same name, other bytes) is refused to load: artifact_mismatch', async () => {
  await fx.registerModel('swapped', 1, 'classifier', 9);
  await fx.approve('swapped', 1);
  const original = buildClassifierModel(9);
  const path = join(database.dataDir, 'artifacts', artifactKey(sha256(original)));
  // Another valid ONNX model under the same content address.
  await writeFile(path, buildClassifierModel(7));
  const count = await predictionCount();
  await recordDeployment(fx.engineer, { name: 'swapped', version: 1, environment: 'staging' });
  const took = await waitFor(predictPath('swapped'), 'artifact_mismatch');
  assert.ok(took < 4000);
  const res = await callRest('POST', predictPath('swapped'), { token, body: { inputs: { features: [ROWS[0]] } } });
  assert.equal(res.status, 403);
  assert.match(res.body.error!.message, /does not match the registry/);
  assert.equal(await predictionCount(), count);
});
