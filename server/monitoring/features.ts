// Turns a stored prediction input (the JSON the caller sent) into feature rows for drift:
// one row per batch item, one value per feature. Pure.

export type TFeatureValue = number | string;
export type TFeatureRow = Record<string, TFeatureValue>;

/** Features per row at most: wide tensors (images, embeddings) are not monitored cell by cell. */
export const MAX_FEATURES = 64;
/** Wrappers a request body may put around its inputs. */
const WRAPPERS = ['inputs', 'records', 'instances'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function scalar(v: unknown): TFeatureValue | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

/** Flattens a value of one row under `name`: scalars as is, arrays as name[i] (name[i,j] for deeper ones). */
function flatten(name: string, value: unknown, into: TFeatureRow, path: number[] = []): void {
  if (Object.keys(into).length >= MAX_FEATURES) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => flatten(name, item, into, [...path, i]));
    return;
  }
  const v = scalar(value);
  if (v !== undefined) into[path.length ? `${name}[${path.join(',')}]` : name] = v;
}

/**
 * Feature rows of one input:
 * - records: `[{"income": 52000, "segment": "retail"}, …]` → one row per record, a feature per key;
 * - named tensors: `{"features": [[0.1, 2, …], …]}` → the first dimension is the batch, each
 *   remaining cell a feature (`features[0]`, `features[1]`, …); a 1-D tensor `{"age": [31, 45]}` gives `age`;
 * - either wrapped in `inputs`, `records` or `instances`.
 */
export function featureRowsOf(input: unknown): TFeatureRow[] {
  let body = input;
  for (const wrapper of WRAPPERS) {
    if (isRecord(body) && wrapper in body && (Array.isArray(body[wrapper]) || isRecord(body[wrapper]))) {
      body = body[wrapper];
      break;
    }
  }
  if (Array.isArray(body)) {
    return body.filter(isRecord).map((record) => {
      const row: TFeatureRow = {};
      for (const [key, value] of Object.entries(record)) flatten(key, value, row);
      return row;
    });
  }
  if (!isRecord(body)) return [];
  const tensors = Object.entries(body).filter(([, v]) => Array.isArray(v)) as [string, unknown[]][];
  const batch = Math.max(0, ...tensors.map(([, v]) => v.length));
  return Array.from({ length: batch }, (_, i) => {
    const row: TFeatureRow = {};
    for (const [name, tensor] of tensors) flatten(name, tensor[i], row);
    return row;
  });
}

/** Values per feature across rows, in row order; a feature missing from a row is skipped there. */
export function columnsOf(rows: readonly TFeatureRow[], features?: readonly string[]): Map<string, TFeatureValue[]> {
  const columns = new Map<string, TFeatureValue[]>((features ?? []).map((f) => [f, []]));
  for (const row of rows) {
    for (const [feature, value] of Object.entries(row)) {
      let column = columns.get(feature);
      if (!column) {
        if (features) continue;
        columns.set(feature, (column = []));
      }
      column.push(value);
    }
  }
  return columns;
}
