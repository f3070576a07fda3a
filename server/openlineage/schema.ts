/**
 * A small JSON-Schema-like checker written for OpenLineage: the node kinds its spec uses (objects
 * with required and additional properties, arrays, strings with formats and enums, integers,
 * numbers, booleans, oneOf/anyOf) and nothing else. The OpenLineage definitions themselves are in
 * event-schema.ts and facet-schemas.ts.
 *
 * Two modes. Strict: every deviation from the spec is an issue. Ingest: the drift Marquez accepts is
 * repaired (a timestamp without a timezone is read as UTC, a placeholder URI is kept inside a URN,
 * a missing _producer/_schemaURL is filled in) or, for a few shapes, tolerated; each repair is
 * reported, and the value returned is the repaired copy (the input is never mutated).
 */
import { checkFormat, repairFormat, type TFormat } from './formats';

export type TNode =
  | { t: 'string'; format?: TFormat; enum?: readonly string[] }
  | { t: 'integer'; minimum?: number }
  | { t: 'number' }
  | { t: 'boolean' }
  | { t: 'any' }
  | { t: 'array'; items: TNode }
  | TObjectNode
  | { t: 'oneOf' | 'anyOf'; name: string; of: readonly TNode[] }
  | { t: 'lazy'; get: () => TNode };

export interface TObjectNode {
  t: 'object';
  /** Shown in messages: "ParentRunFacet requires run". */
  name?: string;
  props: Readonly<Record<string, TNode>>;
  required?: readonly string[];
  /** Schema for properties not listed in props; false forbids them; default: anything. */
  extra?: TNode | false;
  /** JSON Schema dependentRequired: when the key is present, these must be too. */
  dependentRequired?: Readonly<Record<string, readonly string[]>>;
  /** Ingest mode: values for missing required properties (a repair, reported). */
  fill?: Readonly<Record<string, (ctx: TCheckContext, path: string) => unknown>>;
  /** Ingest mode: required properties whose absence is accepted, with the reason reported. */
  tolerateMissing?: Readonly<Record<string, string>>;
  /** Ingest mode: whole-object repairs run before checking (e.g. an older facet shape). */
  upgrade?: (value: Record<string, unknown>, path: string) => { value: Record<string, unknown>; note: TNormalisation } | null;
}

/** One way a value breaks the spec: where (a path such as `run.facets.parent.run.runId`), which rule, and why. */
export interface TIssue {
  path: string;
  rule: string;
  message: string;
}

/** One change (or tolerated deviation) made while ingesting. */
export interface TNormalisation {
  path: string;
  rule: string;
  action: 'repaired' | 'filled' | 'tolerated';
  message: string;
  /** The value as received, when it was replaced. */
  from?: unknown;
  to?: unknown;
}

export interface TCheckContext {
  mode: 'strict' | 'ingest';
  issues: TIssue[];
  normalisations: TNormalisation[];
  /** The event's producer, used to fill a facet's missing _producer. */
  producer: string;
}

export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (!path) return safe;
  return /^[A-Za-z_$]/.test(safe) ? `${path}.${safe}` : `${path}[${safe}]`;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function issue(ctx: TCheckContext, path: string, rule: string, message: string) {
  ctx.issues.push({ path: path || '(event)', rule, message });
}

/** Checks `value` against `node`; returns the value to keep (a repaired copy in ingest mode). */
export function check(node: TNode, value: unknown, path: string, ctx: TCheckContext): unknown {
  switch (node.t) {
    case 'lazy':
      return check(node.get(), value, path, ctx);
    case 'any':
      return value;
    case 'string':
      return checkString(node, value, path, ctx);
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) issue(ctx, path, 'type', `must be an integer, got ${describe(value)}`);
      else if (node.minimum !== undefined && value < node.minimum) issue(ctx, path, 'minimum', `must be at least ${node.minimum}, got ${value}`);
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) issue(ctx, path, 'type', `must be a number, got ${describe(value)}`);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') issue(ctx, path, 'type', `must be a boolean, got ${describe(value)}`);
      return value;
    case 'array': {
      if (!Array.isArray(value)) {
        issue(ctx, path, 'type', `must be an array, got ${describe(value)}`);
        return value;
      }
      let out: unknown[] | null = null;
      value.forEach((item, i) => {
        const kept = check(node.items, item, childPath(path, i), ctx);
        if (kept !== item) (out ??= [...value])[i] = kept;
      });
      return out ?? value;
    }
    case 'object':
      return checkObject(node, value, path, ctx);
    case 'oneOf':
    case 'anyOf':
      return checkChoice(node, value, path, ctx);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeName(value);
}

function checkString(node: Extract<TNode, { t: 'string' }>, value: unknown, path: string, ctx: TCheckContext): unknown {
  if (typeof value !== 'string') {
    issue(ctx, path, 'type', `must be a string, got ${describe(value)}`);
    return value;
  }
  if (node.enum && !node.enum.includes(value)) {
    issue(ctx, path, 'enum', `must be one of ${node.enum.join(', ')}, got ${JSON.stringify(value)}`);
    return value;
  }
  if (!node.format || checkFormat(node.format, value)) return value;
  if (ctx.mode === 'ingest') {
    const repaired = repairFormat(node.format, value);
    if (repaired) {
      ctx.normalisations.push({ path, rule: `format:${node.format}`, action: 'repaired', message: repaired.message, from: value, to: repaired.value });
      return repaired.value;
    }
  }
  issue(ctx, path, `format:${node.format}`, `must be ${FORMAT_NAMES[node.format]}, got ${describe(value)}`);
  return value;
}

const FORMAT_NAMES: Record<TFormat, string> = {
  'date-time': 'an RFC 3339 date-time with a timezone',
  uri: 'an absolute URI (RFC 3986)',
  uuid: 'a UUID',
};

function checkObject(node: TObjectNode, value: unknown, path: string, ctx: TCheckContext): unknown {
  if (!isRecord(value)) {
    issue(ctx, path, 'type', `must be an object, got ${describe(value)}`);
    return value;
  }
  let out: Record<string, unknown> | null = null;
  let source = value;
  if (ctx.mode === 'ingest' && node.upgrade) {
    const upgraded = node.upgrade(value, path);
    if (upgraded) {
      ctx.normalisations.push(upgraded.note);
      source = upgraded.value;
      out = { ...upgraded.value };
    }
  }
  for (const key of node.required ?? []) {
    if (key in source) continue;
    const fill = ctx.mode === 'ingest' ? node.fill?.[key] : undefined;
    const tolerated = ctx.mode === 'ingest' ? node.tolerateMissing?.[key] : undefined;
    if (fill) {
      const filled = fill(ctx, childPath(path, key));
      (out ??= { ...source })[key] = filled;
      ctx.normalisations.push({ path: childPath(path, key), rule: 'required', action: 'filled', message: `missing; filled with ${JSON.stringify(filled)}`, to: filled });
    } else if (tolerated) {
      ctx.normalisations.push({ path: childPath(path, key), rule: 'required', action: 'tolerated', message: tolerated });
    } else {
      issue(ctx, childPath(path, key), 'required', `is required${node.name ? ` (${node.name})` : ''}`);
    }
  }
  for (const [key, deps] of Object.entries(node.dependentRequired ?? {})) {
    if (!(key in source)) continue;
    for (const dep of deps) if (!(dep in source)) issue(ctx, childPath(path, dep), 'dependentRequired', `is required when ${key} is present`);
  }
  for (const [key, child] of Object.entries(source)) {
    const schema = Object.hasOwn(node.props, key) ? node.props[key]! : node.extra;
    if (schema === false) {
      issue(ctx, childPath(path, key), 'additionalProperties', `is not allowed${node.name ? ` in ${node.name}` : ''}`);
      continue;
    }
    if (!schema) continue;
    const kept = check(schema, child, childPath(path, key), ctx);
    if (kept !== child) (out ??= { ...source })[key] = kept;
  }
  return out ?? source;
}

/** oneOf: exactly one branch must hold; anyOf: at least one. A branch that holds strictly wins over repairs. */
function checkChoice(node: Extract<TNode, { t: 'oneOf' | 'anyOf' }>, value: unknown, path: string, ctx: TCheckContext): unknown {
  const trials = node.of.map((branch) => {
    const trial: TCheckContext = { ...ctx, mode: 'strict', issues: [], normalisations: [] };
    check(branch, value, path, trial);
    return trial.issues;
  });
  const passing = trials.filter((issues) => issues.length === 0).length;
  if (node.t === 'oneOf' && passing > 1) {
    issue(ctx, path, 'oneOf', `matches more than one of ${node.name}`);
    return value;
  }
  if (passing >= 1) return value;
  if (ctx.mode === 'ingest') {
    const repaired = node.of.map((branch) => {
      const trial: TCheckContext = { ...ctx, issues: [], normalisations: [] };
      return { value: check(branch, value, path, trial), trial };
    });
    const good = repaired.filter((r) => r.trial.issues.length === 0);
    if (good.length === 1 || (node.t === 'anyOf' && good.length > 1)) {
      ctx.normalisations.push(...good[0]!.trial.normalisations);
      return good[0]!.value;
    }
  }
  // Report the branch that came closest, so the message names a field rather than "no branch".
  const closest = trials.reduce((best, issues) => (issues.length < best.length ? issues : best));
  ctx.issues.push(...closest);
  if (closest.length === 0) issue(ctx, path, node.t, `matches none of ${node.name}`);
  return value;
}
