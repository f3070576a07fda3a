import type { Tensor } from 'onnxruntime-node';

/** One element as JSON: 64-bit integers as numbers while exact (else strings), NaN and infinities as null. */
function jsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return v;
}

/** A tensor as nested JSON arrays of its shape (a scalar as a value); bool tensors as true/false. */
export function tensorToJson(tensor: Tensor): unknown {
  const data = tensor.data as ArrayLike<unknown>;
  const dims = tensor.dims;
  const convert = tensor.type === 'bool' ? (v: unknown) => v === 1 || v === true : jsonValue;
  if (dims.length === 0) return convert(data[0]);
  let index = 0;
  const build = (depth: number): unknown[] => {
    const n = dims[depth]!;
    const out = new Array<unknown>(n);
    if (depth === dims.length - 1) for (let i = 0; i < n; i++) out[i] = convert(data[index++]);
    else for (let i = 0; i < n; i++) out[i] = build(depth + 1);
    return out;
  };
  return build(0);
}

/** Every output of a run, by name, in the signature's order. */
export function outputsToJson(results: Record<string, Tensor>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) if (results[name]) out[name] = tensorToJson(results[name]);
  return out;
}
