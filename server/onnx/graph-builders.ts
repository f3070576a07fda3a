// Small helpers for writing ONNX ModelProtos by hand with onnx-proto.
import type { onnx } from 'onnx-proto';
import type { Dim } from './inspect-onnx';
import { onnxProto } from './onnx-proto';

export const { DataType } = onnxProto.TensorProto;

export function floatTensor(name: string, dims: number[], values: number[]): onnx.ITensorProto {
  if (values.length !== dims.reduce((a, b) => a * b, 1)) {
    throw new RangeError(`Tensor ${name}: ${values.length} values do not fill shape [${dims.join(', ')}]`);
  }
  return { name, dims, dataType: DataType.FLOAT, floatData: values };
}

/** Declares a graph input or output; `dims` null leaves the rank unknown. */
export function tensorValueInfo(
  name: string,
  elemType: onnx.TensorProto.DataType,
  dims: Dim[] | null,
): onnx.IValueInfoProto {
  const shape = dims && {
    dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : typeof d === 'string' ? { dimParam: d } : {})),
  };
  return { name, type: { tensorType: { elemType, ...(shape && { shape }) } } };
}

export function node(
  opType: string,
  input: string[],
  output: string[],
  attribute: onnx.IAttributeProto[] = [],
): onnx.INodeProto {
  return { opType, input, output, attribute, name: output[0] };
}

export function intAttribute(name: string, value: number): onnx.IAttributeProto {
  return { name, type: onnxProto.AttributeProto.AttributeType.INT, i: value };
}

export interface ModelSpec {
  graph: onnx.IGraphProto;
  opset: number;
  producerName: string;
  producerVersion: string;
  modelVersion: number;
  docString?: string;
}

/** Serializes a model at IR version 8 (the newest onnx-proto knows) with the default-domain opset. */
export function encodeModel(spec: ModelSpec): Uint8Array {
  const model = onnxProto.ModelProto.create({
    irVersion: onnxProto.Version.IR_VERSION,
    opsetImport: [{ domain: '', version: spec.opset }],
    producerName: spec.producerName,
    producerVersion: spec.producerVersion,
    modelVersion: spec.modelVersion,
    docString: spec.docString ?? '',
    graph: spec.graph,
  });
  return onnxProto.ModelProto.encode(model).finish();
}
