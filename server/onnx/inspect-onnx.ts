import { readFile } from 'node:fs/promises';
import type { onnx } from 'onnx-proto';
import { InferenceSession } from 'onnxruntime-node';
import { OnnxError } from './errors';
import { onnxProto } from './onnx-proto';

/** A fixed size, a symbolic name such as 'N', or null when unknown. */
export type Dim = number | string | null;

export interface ValueSignature {
  name: string;
  /** onnxruntime's element type for tensors ('float32', 'int64', ...); otherwise the value kind ('sequence', 'map', ...). */
  type: string;
  /** null when the rank is unknown (and for non-tensors); [] is a scalar. */
  shape: Dim[] | null;
}

export interface OnnxSignature {
  inputs: ValueSignature[];
  outputs: ValueSignature[];
  /** Version of the default (ai.onnx) operator set, null if the model imports none. */
  opset: number | null;
  irVersion: number;
  producer: { name: string; version: string | null } | null;
}

/**
 * Loads a model with onnxruntime (a file it cannot load is refused with `invalid_onnx`) and
 * reports the signature onnxruntime sees. The ModelProto is decoded as well, for what the
 * runtime does not expose: opset, producer, and whether an empty shape is a scalar or unknown.
 */
export async function inspectOnnx(source: Uint8Array | string): Promise<OnnxSignature> {
  const bytes = typeof source === 'string' ? await readFile(source) : source;
  const session = await InferenceSession.create(bytes).catch((error: unknown) => {
    throw new OnnxError('invalid_onnx', `Not a loadable ONNX model: ${reasonOf(error)}`, { cause: error });
  });
  try {
    const model = onnxProto.ModelProto.decode(bytes);
    const declared = new Map(
      [...(model.graph?.input ?? []), ...(model.graph?.output ?? [])].map((v) => [v.name ?? '', v.type]),
    );
    const describe = (meta: InferenceSession.ValueMetadata) => describeValue(meta, declared.get(meta.name));
    const defaultOpset = model.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx');
    return {
      inputs: session.inputMetadata.map(describe),
      outputs: session.outputMetadata.map(describe),
      opset: defaultOpset?.version == null ? null : toNumber(defaultOpset.version),
      irVersion: toNumber(model.irVersion),
      producer: model.producerName
        ? { name: model.producerName, version: model.producerVersion || null }
        : null,
    };
  } finally {
    await session.release();
  }
}

function describeValue(meta: InferenceSession.ValueMetadata, declared: onnx.ITypeProto | null | undefined): ValueSignature {
  if (!meta.isTensor) {
    // protobufjs names the set oneof member, e.g. 'sequenceType'.
    const kind = declared && onnxProto.TypeProto.fromObject(declared).value;
    return { name: meta.name, type: kind?.replace(/Type$/, '') ?? 'unknown', shape: null };
  }
  // onnxruntime reports unknown dims as '' and gives [] both for scalars and for unknown rank.
  const unknownRank = meta.shape.length === 0 && !declared?.tensorType?.shape;
  return {
    name: meta.name,
    type: meta.type,
    shape: unknownRank ? null : meta.shape.map((d) => (d === '' ? null : d)),
  };
}

function toNumber(value: number | { toNumber(): number }): number {
  return typeof value === 'number' ? value : value.toNumber();
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
