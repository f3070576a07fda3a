// Deterministic demo models for the seed, CLI and browser tests, built here so nothing is
// downloaded. Weights are multiples of 1/16, exact in float32, so expected outputs can be
// computed in plain TypeScript. `version` changes the weights, giving distinct bytes per version.
import type { onnx } from 'onnx-proto';
import { DataType, encodeModel, floatTensor, intAttribute, node, tensorValueInfo } from './graph-builders';

export const DEMO_OPSET = 13;
export const DEMO_PRODUCER = 'modelgate-demo';
export const FEATURE_COUNT = 4;
export const CLASS_COUNT = 2;

/** `weights[i][j]` connects feature i to output j; one bias per output. */
export interface DenseWeights {
  weights: number[][];
  bias: number[];
}

/** Weights of `prediction = features · W + b` (4 → 1). */
export function linearRegressionWeights(version = 1): DenseWeights {
  const step = checkVersion(version) - 1;
  return {
    weights: [[0.5 + step / 8], [-1.25], [2 - step / 16], [0.75]],
    bias: [0.25 + step / 2],
  };
}

/** Weights of the classifier's logits `features · W + b` (4 → 2). */
export function classifierWeights(version = 1): DenseWeights {
  const step = checkVersion(version) - 1;
  return {
    weights: [
      [1, -1],
      [0.5, 0.25 + step / 16],
      [-0.75, 1.5],
      [0.25 - step / 8, step / 4],
    ],
    bias: [0.5, -0.5 + step / 16],
  };
}

/** `features` float32 [N,4] → `prediction` float32 [N,1]. */
export function buildLinearRegressionModel(version = 1): Uint8Array {
  return encodeModel({
    ...demoMetadata(version, 'Linear regression demo'),
    graph: {
      name: 'linear_regression',
      node: denseNodes('prediction'),
      initializer: denseInitializers(linearRegressionWeights(version)),
      input: [featuresInput()],
      output: [tensorValueInfo('prediction', DataType.FLOAT, ['N', 1])],
    },
  });
}

/** `features` float32 [N,4] → `probability` float32 [N,2] (softmax) and `label` int64 [N] (argmax). */
export function buildClassifierModel(version = 1): Uint8Array {
  return encodeModel({
    ...demoMetadata(version, 'Binary classifier demo'),
    graph: {
      name: 'classifier',
      node: [
        ...denseNodes('logits'),
        node('Softmax', ['logits'], ['probability'], [intAttribute('axis', 1)]),
        node('ArgMax', ['probability'], ['label'], [intAttribute('axis', 1), intAttribute('keepdims', 0)]),
      ],
      initializer: denseInitializers(classifierWeights(version)),
      input: [featuresInput()],
      output: [
        tensorValueInfo('probability', DataType.FLOAT, ['N', CLASS_COUNT]),
        tensorValueInfo('label', DataType.INT64, ['N']),
      ],
    },
  });
}

/** The demo models by file-friendly name. */
export const DEMO_MODELS = {
  'linear-regression': buildLinearRegressionModel,
  classifier: buildClassifierModel,
} as const;

function checkVersion(version: number): number {
  if (!Number.isInteger(version) || version < 1) {
    throw new RangeError(`Demo model version must be a positive integer, got ${version}`);
  }
  return version;
}

function demoMetadata(version: number, description: string) {
  return {
    opset: DEMO_OPSET,
    producerName: DEMO_PRODUCER,
    producerVersion: String(version),
    modelVersion: version,
    docString: `${description}, weights version ${version}`,
  };
}

function featuresInput(): onnx.IValueInfoProto {
  return tensorValueInfo('features', DataType.FLOAT, ['N', FEATURE_COUNT]);
}

function denseInitializers({ weights, bias }: DenseWeights): onnx.ITensorProto[] {
  return [floatTensor('W', [weights.length, bias.length], weights.flat()), floatTensor('B', [bias.length], bias)];
}

function denseNodes(output: string): onnx.INodeProto[] {
  return [node('MatMul', ['features', 'W'], ['xw']), node('Add', ['xw', 'B'], [output])];
}
