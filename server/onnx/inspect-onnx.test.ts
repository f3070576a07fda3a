import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEMO_OPSET, DEMO_PRODUCER, buildClassifierModel, buildLinearRegressionModel } from './demo-models';
import { DataType, encodeModel, node, tensorValueInfo } from './graph-builders';
import { inspectOnnx } from './inspect-onnx';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempFile(name: string, contents: Uint8Array | string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mg-onnx-'));
  dirs.push(dir);
  await writeFile(join(dir, name), contents);
  return join(dir, name);
}

const features = { name: 'features', type: 'float32', shape: ['N', 4] };

test('reads the linear regression signature from a file path', async () => {
  const path = await tempFile('linear.onnx', buildLinearRegressionModel(2));
  assert.deepEqual(await inspectOnnx(path), {
    inputs: [features],
    outputs: [{ name: 'prediction', type: 'float32', shape: ['N', 1] }],
    opset: DEMO_OPSET,
    irVersion: 8,
    producer: { name: DEMO_PRODUCER, version: '2' },
  });
});

test('reads the classifier signature from bytes', async () => {
  const signature = await inspectOnnx(buildClassifierModel());
  assert.deepEqual(signature.inputs, [features]);
  assert.deepEqual(signature.outputs, [
    { name: 'probability', type: 'float32', shape: ['N', 2] },
    { name: 'label', type: 'int64', shape: ['N'] },
  ]);
});

test('reports unknown dims as null and tells scalars from unknown rank', async () => {
  const model = encodeModel({
    opset: 16,
    producerName: '',
    producerVersion: '',
    modelVersion: 1,
    graph: {
      name: 'identities',
      node: ['dynamic', 'scalar', 'unranked', 'items'].map((name) => node('Identity', [name], [`${name}_out`])),
      input: [
        tensorValueInfo('dynamic', DataType.FLOAT, [null, 3]),
        tensorValueInfo('scalar', DataType.INT64, []),
        tensorValueInfo('unranked', DataType.DOUBLE, null),
        { name: 'items', type: { sequenceType: { elemType: { tensorType: { elemType: DataType.FLOAT } } } } },
      ],
      output: [
        tensorValueInfo('dynamic_out', DataType.FLOAT, null),
        tensorValueInfo('scalar_out', DataType.INT64, []),
        tensorValueInfo('unranked_out', DataType.DOUBLE, null),
        { name: 'items_out', type: { sequenceType: { elemType: { tensorType: { elemType: DataType.FLOAT } } } } },
      ],
    },
  });
  const signature = await inspectOnnx(model);
  assert.deepEqual(signature.inputs, [
    { name: 'dynamic', type: 'float32', shape: [null, 3] },
    { name: 'scalar', type: 'int64', shape: [] },
    { name: 'unranked', type: 'float64', shape: null },
    { name: 'items', type: 'sequence', shape: null },
  ]);
  // onnxruntime infers the shape of an output the model left undeclared.
  assert.deepEqual(signature.outputs[0], { name: 'dynamic_out', type: 'float32', shape: [null, 3] });
  assert.equal(signature.producer, null);
  assert.equal(signature.opset, 16);
});

test('refuses files onnxruntime cannot load, with its reason', async () => {
  const classifier = buildClassifierModel();
  const cases: [string, Uint8Array | string][] = [
    ['random bytes', randomBytes(2048)],
    ['text file', await tempFile('notes.onnx', 'name,score\nalice,0.9\n')],
    ['truncated model', classifier.subarray(0, Math.floor(classifier.length / 2))],
  ];
  for (const [label, source] of cases) {
    await assert.rejects(inspectOnnx(source), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'invalid_onnx', label);
      assert.match(error.message, /^Not a loadable ONNX model: \S/, label);
      return true;
    });
  }
});
