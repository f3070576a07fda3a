/**
 * Validates an OpenLineage event (RunEvent, DatasetEvent or JobEvent, spec 2-0-2) with the checker
 * in schema.ts. Pure: no database, no clock.
 *
 * - `strict`: the spec as written, formats asserted (date-time with a timezone, absolute URIs, UUIDs).
 * - `ingest`: what Marquez accepts is repaired or tolerated and listed in `normalisations`; what the
 *   spec forbids (no runId, a parent run without runId, an owner without a name, a wrong type …) is
 *   still an issue. A strictly valid event comes back unchanged (the same object).
 */
import { EVENT_EXCLUSIONS, EVENT_KINDS, EVENT_SCHEMAS, UNKNOWN_PRODUCER, type TEventKind } from './event-schema';
import { facetsAt, type TFacetLocation } from './facet-schemas';
import { checkFormat, repairFormat } from './formats';
import { check, childPath, isRecord, type TCheckContext, type TIssue, type TNormalisation } from './schema';

export type { TIssue, TNormalisation } from './schema';
export type { TEventKind } from './event-schema';

export type TOpenLineageEvent = Record<string, unknown>;

export type TValidation =
  | { ok: true; kind: TEventKind; event: TOpenLineageEvent; normalisations: TNormalisation[] }
  | { ok: false; kind: TEventKind | null; issues: TIssue[] };

export type TValidationMode = 'strict' | 'ingest';

function run(kind: TEventKind, value: Record<string, unknown>, mode: TValidationMode, producer: string) {
  const ctx: TCheckContext = { mode, issues: [], normalisations: [], producer };
  const event = check(EVENT_SCHEMAS[kind], value, '', ctx) as TOpenLineageEvent;
  const excluded = EVENT_EXCLUSIONS[kind];
  if (excluded && excluded.every((key) => key in value)) {
    ctx.issues.push({
      path: excluded.length === 1 ? excluded[0]! : '(event)',
      rule: 'not',
      message: excluded.length === 1 ? `must not be present in a ${kind}` : `a ${kind} must not have both ${excluded.join(' and ')}`,
    });
  }
  return { event, ctx };
}

/** Which event the producer meant: run → RunEvent, else job → JobEvent, else dataset → DatasetEvent. */
function intendedKind(value: Record<string, unknown>): TEventKind | null {
  if ('run' in value) return 'RunEvent';
  if ('job' in value) return 'JobEvent';
  if ('dataset' in value) return 'DatasetEvent';
  return null;
}

function producerOf(value: Record<string, unknown>): string {
  const producer = value.producer;
  if (typeof producer !== 'string') return UNKNOWN_PRODUCER;
  if (checkFormat('uri', producer)) return producer;
  return repairFormat('uri', producer)?.value ?? UNKNOWN_PRODUCER;
}

export function validateOpenLineageEvent(value: unknown, mode: TValidationMode = 'strict'): TValidation {
  if (!isRecord(value)) {
    return { ok: false, kind: null, issues: [{ path: '(event)', rule: 'type', message: 'an OpenLineage event must be a JSON object' }] };
  }
  const producer = producerOf(value);
  // Only kinds whose required parts are there (and exclusions respected) can match: check those in full.
  const strict = EVENT_KINDS.filter((kind) => possible(kind, value)).map((kind) => ({ kind, ...run(kind, value, 'strict', producer) }));
  const matching = strict.filter((r) => r.ctx.issues.length === 0);
  if (matching.length > 1) return { ok: false, kind: null, issues: [ambiguous(matching.map((m) => m.kind))] };
  if (matching.length === 1) {
    const unstorable = mode === 'ingest' ? findUnstorable(value) : [];
    if (unstorable.length > 0) return { ok: false, kind: matching[0]!.kind, issues: unstorable };
    return { ok: true, kind: matching[0]!.kind, event: value, normalisations: [] };
  }

  const kind = intendedKind(value);
  if (!kind) {
    return {
      ok: false,
      kind: null,
      issues: [{ path: '(event)', rule: 'oneOf', message: 'must be a RunEvent (run and job), a DatasetEvent (dataset) or a JobEvent (job)' }],
    };
  }
  if (mode === 'ingest') {
    const repaired = run(kind, value, 'ingest', producer);
    if (repaired.ctx.issues.length === 0) {
      // The repaired event must still be exactly one of the three.
      const others = EVENT_KINDS.filter((k) => k !== kind && possible(k, repaired.event) && run(k, repaired.event, 'ingest', producer).ctx.issues.length === 0);
      if (others.length > 0) return { ok: false, kind, issues: [ambiguous([kind, ...others])] };
      const unstorable = findUnstorable(repaired.event);
      if (unstorable.length > 0) return { ok: false, kind, issues: unstorable };
      return { ok: true, kind, event: repaired.event, normalisations: repaired.ctx.normalisations };
    }
    return { ok: false, kind, issues: repaired.ctx.issues };
  }
  return { ok: false, kind, issues: strict.find((r) => r.kind === kind)?.ctx.issues ?? run(kind, value, 'strict', producer).ctx.issues };
}

/** Whether `kind` can match at all: its required parts present, its `not` respected (cheap, before a full check). */
function possible(kind: TEventKind, value: Record<string, unknown>): boolean {
  const required = EVENT_SCHEMAS[kind].required ?? [];
  if (!required.every((key) => key in value || key === 'eventTime' || key === 'producer' || key === 'schemaURL')) return false;
  const excluded = EVENT_EXCLUSIONS[kind];
  return !(excluded && excluded.every((key) => key in value));
}

function ambiguous(kinds: TEventKind[]): TIssue {
  return { path: '(event)', rule: 'oneOf', message: `matches more than one of RunEvent, DatasetEvent, JobEvent (${kinds.join(', ')})` };
}

/**
 * Strings PostgreSQL's jsonb refuses (U+0000, unpaired surrogates): valid JSON, but an event that
 * holds one cannot be stored as sent, so ingest refuses it by name rather than failing later.
 */
export function findUnstorable(value: unknown): TIssue[] {
  // JSON.stringify escapes exactly these (NUL as \u0000, a lone surrogate as \udXXX): a native scan first.
  if (!/\\u0000|\\ud[89a-f]/i.test(JSON.stringify(value))) return [];
  return walkUnstorable(value);
}

function walkUnstorable(value: unknown, path = '', found: TIssue[] = []): TIssue[] {
  const bad = (s: string) => s.includes('\u0000') || /[\uD800-\uDFFF]/u.test(s);
  if (typeof value === 'string') {
    if (bad(value)) found.push({ path: path || '(event)', rule: 'storable', message: 'contains U+0000 or an unpaired surrogate, which cannot be stored' });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walkUnstorable(item, childPath(path, i), found));
  } else if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (bad(key)) found.push({ path: childPath(path, key), rule: 'storable', message: 'the key contains U+0000 or an unpaired surrogate, which cannot be stored' });
      walkUnstorable(child, childPath(path, key), found);
    }
  }
  return found;
}

/** One line naming the problems: `run.runId is required (Run); inputs[0].name must be a string, got 3`. */
export function describeIssues(issues: TIssue[], limit = 5): string {
  const shown = issues.slice(0, limit).map((i) => `${i.path} ${i.message} [${i.rule}]`);
  const more = issues.length > limit ? `; and ${issues.length - limit} more` : '';
  return `${shown.join('; ')}${more}`;
}

/** Checks one location's facets object on its own (the spec's per-facet test files). */
export function validateFacets(location: TFacetLocation, facets: unknown, mode: TValidationMode = 'strict'): { issues: TIssue[]; normalisations: TNormalisation[] } {
  const ctx: TCheckContext = { mode, issues: [], normalisations: [], producer: UNKNOWN_PRODUCER };
  check(facetsAt(location), facets, '', ctx);
  return { issues: ctx.issues, normalisations: ctx.normalisations };
}
