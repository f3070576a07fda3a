import type { TMatch } from './types';
import { DETECTORS } from './detectors/registry';

export interface TScanOptions {
  /** ISO 3166 region for national phone numbers (default 'US'). */
  region?: string;
  /** Matches below this confidence are left out (default 0.3; failed checksums score 0.25-0.55). */
  minConfidence?: number;
  /** Only these entity types (default: all). */
  entityTypes?: readonly string[];
}

const VALIDATION_RANK: Record<TMatch['validation'], number> = { valid: 3, 'test-value': 3, unvalidated: 2, 'invalid-checksum': 1 };

/** Better first: a validated match beats an unvalidated one, then higher confidence, then the longer span. */
function compare(a: TMatch, b: TMatch): number {
  return (
    VALIDATION_RANK[b.validation] - VALIDATION_RANK[a.validation] ||
    b.confidence - a.confidence ||
    b.end - b.start - (a.end - a.start) ||
    a.start - b.start
  );
}

/** Keeps the best match wherever several detectors claim overlapping text. */
export function resolveOverlaps(matches: readonly TMatch[]): TMatch[] {
  const kept: TMatch[] = [];
  for (const m of [...matches].sort(compare)) {
    if (!kept.some((k) => k.start < m.end && m.start < k.end)) kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Finds PII in a piece of text. Raw values stay in the returned matches; mask them before they leave the scanner. */
export function scanText(text: string, options: TScanOptions = {}): TMatch[] {
  if (!text) return [];
  const region = options.region ?? 'US';
  const minConfidence = options.minConfidence ?? 0.3;
  const wanted = options.entityTypes && new Set(options.entityTypes);
  const detectors = wanted ? DETECTORS.filter((d) => d.entityTypes.some((t) => wanted.has(t))) : DETECTORS;
  const found = detectors
    .flatMap((d) => d.detect(text, { region }))
    .filter((m) => m.confidence >= minConfidence && (!wanted || wanted.has(m.entityType)));
  return resolveOverlaps(found);
}
