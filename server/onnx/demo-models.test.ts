import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import {
  type DenseWeights,
  DEMO_MODELS,
  FEATURE_COUNT,
  buildClassifierModel,
  buildLinearRegressionModel,
  classifierWeights,
  linearRegressionWeights,
} from './demo-models';

const SAMPLES = [
  [1, 2, 3, 4],
  [0, 0, 0, 0],
  [-1.5, 0.25, 3, -2],
  [10, -7, 0.5, 2.5],
];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** features · W + b in float64, one row per sample. */
function dense({ weights, bias }: DenseWeights, rows: number[][]): number[][] {
  return rows.map((x) => bias.map((b, j) => x.reduce((sum, xi, i) => sum + xi * (weights[i]?.[j] ?? NaN), b)));
}

function softmax(logits: number[]): number[] {
  const exps = logits.map((z) => Math.exp(z - Math.max(...logits)));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

async function run(model: Uint8Array, rows: number[][]) {
  const session = await InferenceSession.create(model);
  try {
    const features = new Tensor('float32', Float32Array.from(rows.flat()), [rows.length, FEATURE_COUNT]);
    return await session.run({ features });
  } finally {
    await session.release();
  }
}

function assertClose(actual: ArrayLike<number>, expected: number[]) {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => assert.ok(Math.abs((actual[i] ?? NaN) - e) <= 1e-5, `[${i}] ${actual[i]} ≉ ${e}`));
}

for (const version of [1, 2]) {
  test(`linear regression v${version} computes features · W + b`, async () => {
    const { prediction } = await run(buildLinearRegressionModel(version), SAMPLES);
    assert.deepEqual(prediction?.dims, [SAMPLES.length, 1]);
    assertClose(prediction?.data as Float32Array, dense(linearRegressionWeights(version), SAMPLES).flat());
  });

  test(`classifier v${version} outputs softmax probabilities and the argmax label`, async () => {
    const { probability, label } = await run(buildClassifierModel(version), SAMPLES);
    const expected = dense(classifierWeights(version), SAMPLES).map(softmax);
    assert.deepEqual(probability?.dims, [SAMPLES.length, 2]);
    assertClose(probability?.data as Float32Array, expected.flat());
    assert.equal(label?.type, 'int64');
    assert.deepEqual(
      [...(label?.data as BigInt64Array)],
      expected.map((p) => BigInt(p.indexOf(Math.max(...p)))),
    );
  });
}

test('builds are byte-for-byte deterministic and each version has its own hash', () => {
  const hashes = new Set<string>();
  for (const build of Object.values(DEMO_MODELS)) {
    assert.equal(sha256(build(1)), sha256(build(1)));
    for (const version of [1, 2, 3]) hashes.add(sha256(build(version)));
  }
  assert.equal(hashes.size, 6);
});

test('versions must be positive integers', () => {
  for (const bad of [0, -1, 1.5]) assert.throws(() => buildLinearRegressionModel(bad), RangeError);
});
