// Turns a prediction request body into onnxruntime feeds, checked against the version's stored
// ONNX signature: tensor names, element types and shapes. Every refusal is an AppError with its
// own 400 code and details naming the input, so a caller can fix the request. Pure except for
// building the Tensor objects.
import { Tensor } from 'onnxruntime-node';
import type { ValueSignature } from '../onnx/inspect-onnx';
import { AppError } from '../errors';

/** Rows per call at most (the first dimension of the batch). */
export const MAX_BATCH_ROWS = 1000;

/** `{ inputs: { <tensor>: nested arrays } }` or `{ records: [ { <tensor>: row value } ] }`. */
export type TPredictBody = { inputs: Record<string, unknown>; records?: undefined } | { records: Record<string, unknown>[]; inputs?: undefined };

export interface TValidatedInputs {
  feeds: Record<string, Tensor>;
  /** Rows in the batch: the first dimension shared by the inputs (1 for inputs without a batch dimension). */
  rows: number;
}

type TTypedArray = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

/** Element types the JSON API accepts, with how a JSON value becomes an element. */
const NUMERIC: Record<string, { array: new (n: number) => TTypedArray; min?: number; max?: number; integer: boolean; big?: boolean }> = {
  float32: { array: Float32Array, integer: false, max: 3.4028234663852886e38 },
  float64: { array: Float64Array, integer: false },
  int8: { array: Int8Array, integer: true, min: -128, max: 127 },
  uint8: { array: Uint8Array, integer: true, min: 0, max: 255 },
  int16: { array: Int16Array, integer: true, min: -32768, max: 32767 },
  uint16: { array: Uint16Array, integer: true, min: 0, max: 65535 },
  int32: { array: Int32Array, integer: true, min: -2147483648, max: 2147483647 },
  uint32: { array: Uint32Array, integer: true, min: 0, max: 4294967295 },
  int64: { array: BigInt64Array, integer: true, min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, big: true },
  uint64: { array: BigUint64Array, integer: true, min: 0, max: Number.MAX_SAFE_INTEGER, big: true },
};

const NON_FINITE_WORDS = /^[+-]?(nan|inf|infinity)$/i;
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const showShape = (shape: ReadonlyArray<number | string | null>) => `[${shape.map((d) => d ?? '?').join(', ')}]`;

/** Checks the body's outer form: exactly one of `inputs` (an object) or `records` (a non-empty array of objects). */
export function parsePredictBody(body: unknown): TPredictBody {
  if (!isRecord(body)) throw new AppError('invalid_input', 'The body must be a JSON object: { "inputs": { … } } or { "records": [ … ] }.');
  const keys = Object.keys(body);
  const extra = keys.filter((k) => k !== 'inputs' && k !== 'records');
  if (extra.length) throw new AppError('invalid_input', `Unknown field(s) in the body: ${extra.join(', ')}. Send "inputs" or "records".`);
  if (keys.length !== 1) throw new AppError('invalid_input', 'Send exactly one of "inputs" (named tensors) or "records" (one object per row).');
  if ('inputs' in body) {
    if (!isRecord(body.inputs)) throw new AppError('invalid_input', '"inputs" must be an object of named tensors, e.g. { "features": [[…], …] }.');
    return { inputs: body.inputs };
  }
  const records = body.records;
  if (!Array.isArray(records) || records.length === 0 || !records.every(isRecord)) {
    throw new AppError('invalid_input', '"records" must be a non-empty array of objects, one per row.');
  }
  return { records };
}

/**
 * The body as named tensors (records are stacked row by row: each record holds one row of
 * every input), validated against the signature's inputs and turned into feeds.
 */
export function validateInputs(body: TPredictBody, signature: ValueSignature[], maxRows = MAX_BATCH_ROWS): TValidatedInputs {
  const inputs = body.records ? stackRecords(body.records, signature, maxRows) : body.inputs!;
  const expected = new Set(signature.map((s) => s.name));
  const unknown = Object.keys(inputs).filter((name) => !expected.has(name));
  if (unknown.length) {
    throw new AppError('unknown_input', `The model has no input named ${unknown.map((n) => `"${n}"`).join(', ')}; its inputs are ${signature.map((s) => `"${s.name}"`).join(', ')}.`, {
      unknown,
      expected: signature.map((s) => s.name),
    });
  }
  const missing = signature.filter((s) => !(s.name in inputs)).map((s) => s.name);
  if (missing.length) throw new AppError('missing_input', `Missing input(s): ${missing.map((n) => `"${n}"`).join(', ')}.`, { missing });

  // The batch is the first dimension of the first input that has one; checked before any tensor is built.
  const batched = signature.map((s) => shapeOf(inputs[s.name])).find((shape) => shape.length > 0);
  const rows = batched ? batched[0]! : 1;
  if (rows > maxRows) throw new AppError('batch_too_large', `The batch has ${rows} rows; at most ${maxRows} are accepted per call.`, { rows, max: maxRows });
  if (rows === 0) throw new AppError('wrong_shape', 'The batch is empty: send at least one row.');
  const symbols = new Map<string, number>();
  const feeds: Record<string, Tensor> = {};
  for (const input of signature) feeds[input.name] = toTensor(input, inputs[input.name], symbols);
  return { feeds, rows };
}

/** Records → named tensors: record i's value for input x becomes row i of x. */
function stackRecords(records: Record<string, unknown>[], signature: ValueSignature[], maxRows: number): Record<string, unknown[]> {
  if (records.length > maxRows) throw new AppError('batch_too_large', `The batch has ${records.length} records; at most ${maxRows} are accepted per call.`, { rows: records.length, max: maxRows });
  const names = new Set(signature.map((s) => s.name));
  const stacked: Record<string, unknown[]> = Object.fromEntries(signature.map((s) => [s.name, []]));
  records.forEach((record, i) => {
    const unknown = Object.keys(record).filter((k) => !names.has(k));
    if (unknown.length) {
      throw new AppError('unknown_input', `Record ${i} has field(s) the model does not take: ${unknown.map((n) => `"${n}"`).join(', ')}; its inputs are ${[...names].map((n) => `"${n}"`).join(', ')}.`, {
        record: i,
        unknown,
        expected: [...names],
      });
    }
    const missing = [...names].filter((n) => !(n in record));
    if (missing.length) throw new AppError('missing_input', `Record ${i} lacks ${missing.map((n) => `"${n}"`).join(', ')}.`, { record: i, missing });
    for (const name of names) stacked[name]!.push(record[name]);
  });
  return stacked;
}

/** The shape of nested arrays, following first elements; raggedness is caught while filling. */
function shapeOf(value: unknown): number[] {
  const shape: number[] = [];
  let v = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0];
  }
  return shape;
}

function toTensor(input: ValueSignature, value: unknown, symbols: Map<string, number>): Tensor {
  const shape = shapeOf(value);
  const expected = input.shape;
  if (expected) {
    const shapeError = (why: string) =>
      new AppError('wrong_shape', `Input "${input.name}" has shape ${showShape(shape)}; the model expects ${showShape(expected)} (${why}).`, {
        input: input.name,
        expected,
        got: shape,
      });
    if (shape.length !== expected.length) throw shapeError(`${expected.length} dimension(s), not ${shape.length}`);
    expected.forEach((dim, i) => {
      if (typeof dim === 'number' && dim !== shape[i]) throw shapeError(`dimension ${i} must be ${dim}`);
      if (typeof dim === 'string') {
        const seen = symbols.get(dim);
        if (seen !== undefined && seen !== shape[i]) throw shapeError(`dimension ${i} (${dim}) must match the other inputs' ${dim} = ${seen}`);
        symbols.set(dim, shape[i]!);
      }
    });
  }
  const size = shape.reduce((a, b) => a * b, 1);
  const type = input.type;
  if (type === 'bool') {
    const data = new Uint8Array(size);
    fill(input, value, shape, (v, at) => {
      if (typeof v !== 'boolean') throw wrongType(input, at, v, 'true or false');
      return v ? 1 : 0;
    }, data);
    return new Tensor('bool', data, shape);
  }
  if (type === 'string') {
    const data: string[] = new Array<string>(size);
    fill(input, value, shape, (v, at) => {
      if (typeof v !== 'string') throw wrongType(input, at, v, 'a string');
      return v;
    }, data);
    return new Tensor('string', data, shape);
  }
  const numeric = NUMERIC[type];
  if (!numeric) {
    throw new AppError('wrong_type', `Input "${input.name}" has element type ${type}, which the JSON API cannot send.`, { input: input.name, expected: type });
  }
  const data = new numeric.array(size);
  const expectation = numeric.integer ? `an integer (${type})` : `a finite number (${type})`;
  fill(input, value, shape, (v, at) => {
    if (typeof v !== 'number') {
      if (v === null || (typeof v === 'string' && NON_FINITE_WORDS.test(v.trim()))) {
        throw new AppError('non_finite_value', `Input "${input.name}" at ${at} is ${JSON.stringify(v)}: NaN and infinities are not accepted${v === null ? ' (null is how JSON writes NaN)' : ''}.`, {
          input: input.name,
          at,
        });
      }
      throw wrongType(input, at, v, expectation);
    }
    if (!Number.isFinite(v) || (numeric.max !== undefined && !numeric.integer && Math.abs(v) > numeric.max)) {
      throw new AppError('non_finite_value', `Input "${input.name}" at ${at} is ${v}: not a finite ${type} value.`, { input: input.name, at });
    }
    if (numeric.integer && (!Number.isInteger(v) || v < numeric.min! || v > numeric.max!)) throw wrongType(input, at, v, expectation);
    return numeric.big ? BigInt(v) : v;
  }, data as unknown as unknown[]);
  return new Tensor(type as 'float32', data as Float32Array, shape);
}

function wrongType(input: ValueSignature, at: string, value: unknown, expected: string): AppError {
  const got = Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'string' ? `the string ${JSON.stringify(value.slice(0, 40))}` : `${typeof value} ${String(value)}`;
  return new AppError('wrong_type', `Input "${input.name}" at ${at} is ${got}; the model expects ${expected}.`, { input: input.name, at, expected: input.type });
}

/** Walks nested arrays in row-major order, checking each level's length, and writes the converted leaves. */
function fill(
  input: ValueSignature,
  value: unknown,
  shape: number[],
  convert: (v: unknown, at: string) => unknown,
  out: { [index: number]: unknown },
): void {
  let index = 0;
  const walk = (v: unknown, depth: number, path: number[]) => {
    if (depth === shape.length) {
      if (Array.isArray(v)) {
        throw new AppError('wrong_shape', `Input "${input.name}" is ragged or too deep at [${path.join('][')}]: expected a value, got an array.`, { input: input.name, at: `[${path.join('][')}]` });
      }
      out[index++] = convert(v, `[${path.join('][')}]`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new AppError('wrong_shape', `Input "${input.name}" is ragged at [${path.join('][')}]: expected ${shape[depth]} item(s) there, got ${Array.isArray(v) ? v.length : 'a value'}.`, {
        input: input.name,
        at: `[${path.join('][')}]`,
      });
    }
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, [...path, i]);
  };
  walk(value, 0, []);
}
