// Decides what a table column holds from its values, its name, its shape and its null rate.
import { ColumnProfile, type TTypeTally } from './column-profile';
import { hintFromName } from './column-names';
import { describe } from './entities';

export interface TColumnInput {
  name: string;
  /** A sample of the column's values, or all of them. */
  values: readonly (string | null | undefined)[];
  nullCount: number;
  totalCount: number;
}

export interface TColumnVerdict {
  entityType: string | null;
  confidence: number;
  explanation: string;
  detector: string;
  /** Values (in what was scanned) recognised as the entity type. */
  count: number;
  /** Raw values behind the verdict, for masking; never leave the scanner as they are. */
  sampleValues: string[];
}

/** Types without a validator whose values only make sense with a column name saying so. */
const SHAPES: Readonly<Record<string, RegExp>> = {
  PERSON: /^\p{Lu}[\p{L}'’. -]{0,60}$/u,
  LOCATION: /^\p{Lu}[\p{L}'’. -]{0,60}$/u,
  ORGANIZATION: /^[\p{L}\p{N}][\p{L}\p{N}'’.,& -]{0,80}$/u,
  STREET_ADDRESS: /^\d+[\p{L}]*\.?\s+\S/u,
  ZIP_CODE: /^(?:\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\d{4,6})$/,
  DATE_OF_BIRTH: /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})(?:[ T]00:00(?::00)?)?$/,
};

const FLAGS = new Set(['0', '1', 'true', 'false', 'yes', 'no', 'y', 'n', 't', 'f']);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const round = (x: number) => Math.round(Math.min(0.99, Math.max(0, x)) * 100) / 100;

function shapeOf(profile: ColumnProfile): string {
  if (profile.scanned && profile.numeric === profile.scanned) return 'numeric';
  return profile.averageLength > 40 ? 'free text' : 'short text';
}

function context(name: string, profile: ColumnProfile, input: { nullCount: number; totalCount: number }): string {
  const { count, capped } = profile.distinctCount;
  const nullRate = input.totalCount ? input.nullCount / input.totalCount : 0;
  return `${shapeOf(profile)}, ${capped ? `over ${count}` : count} distinct values, ${pct(nullRate)} empty`;
}

/** Fraction of scanned values a type accounts for: whole values in a field, any mention in free text. */
function coverage(t: TTypeTally, profile: ColumnProfile): number {
  const freeText = profile.averageLength > 40;
  return (freeText ? t.hits : t.whole) / profile.scanned;
}

export function decideColumn(name: string, profile: ColumnProfile, counts: { nullCount: number; totalCount: number }): TColumnVerdict {
  const none = (explanation: string): TColumnVerdict => ({ entityType: null, confidence: 0, explanation, detector: 'column-classifier', count: 0, sampleValues: [] });
  const facts = context(name, profile, counts);
  const hint = hintFromName(name);
  if (profile.scanned === 0) return none(`Column "${name}" has no values to scan (${facts}).`);

  const distinct = [...profile.distinct].map((v) => v.toLowerCase());
  if (distinct.length <= 2 && distinct.every((v) => FLAGS.has(v))) {
    const about = hint.metadataOf ?? hint.entityType;
    return none(
      `Column "${name}" holds only yes/no flags (${distinct.join('/')})${about ? `; it describes ${describe(about).label} but contains none` : ''}, so no PII type is assigned.`,
    );
  }

  // Best value-backed candidate.
  let best: { type: string; tally: TTypeTally; cover: number } | null = null;
  for (const [type, tally] of profile.tallies) {
    const cover = coverage(tally, profile);
    // Names and places in short fields are judged by the column name and the values' form below.
    if (SHAPES[type] && profile.averageLength <= 40) continue;
    if (!best || cover > best.cover) best = { type, tally, cover };
  }

  const nameAgrees = !!best && best.type === hint.entityType;
  const needed = nameAgrees ? 0.2 : hint.metadataOf || hint.entityType ? 0.8 : 0.5;
  if (best && best.cover >= needed) {
    const { type, tally, cover } = best;
    const checked = tally.valid + tally.invalid + tally.testValues;
    const passRate = checked ? (tally.valid + tally.testValues) / checked : 0;
    const info = describe(type);
    const avgConfidence = tally.confidenceSum / tally.matches;
    const confidence = round(avgConfidence * (0.6 + 0.4 * cover) + (nameAgrees ? 0.15 : 0) - (checked ? (1 - passRate) * 0.3 : 0));
    const parts = [`${tally.hits} of ${profile.scanned} scanned values are ${info.label}`];
    if (info.check && checked) parts.push(`${pct(passRate)} pass the ${info.check} check`);
    if (tally.testValues) parts.push(`${tally.testValues} are known test values`);
    const naming = nameAgrees ? 'the column name agrees' : hint.entityType ? `although the name suggests ${describe(hint.entityType).label}` : 'the column name gives no hint';
    return {
      entityType: type,
      confidence,
      explanation: `Column "${name}" holds ${info.label}: ${parts.join(', ')}; ${naming} (${facts}).`,
      detector: tally.detector,
      count: tally.hits,
      sampleValues: tally.samples,
    };
  }

  // The name says what it is; check the values have that type's shape.
  if (hint.entityType) {
    const info = describe(hint.entityType);
    const shape = SHAPES[hint.entityType];
    const tally = profile.tallies.get(hint.entityType);
    const shaped = shape ? profile.shapes.filter((v) => shape.test(v)) : [];
    const rate = shape ? shaped.length / profile.shapes.length : (tally?.whole ?? 0) / profile.scanned;
    if (shape && rate >= 0.8) {
      const { count } = profile.distinctCount;
      // A handful of repeated values (codes, categories) is not a column of names.
      if (count < 3 && profile.scanned > 10) return none(`Column "${name}" is named like ${info.label} but holds only ${count} distinct values, so it reads as a category (${facts}).`);
      return {
        entityType: hint.entityType,
        confidence: round(0.5 + 0.3 * rate),
        explanation: `Column "${name}" is named for ${info.label} and ${pct(rate)} of its values have that form, though ${info.label} cannot be confirmed by a checksum (${facts}).`,
        detector: 'column-name',
        count: Math.round(rate * profile.scanned),
        sampleValues: shaped.slice(0, 3),
      };
    }
    return none(`Column "${name}" is named like ${info.label}, but only ${pct(rate)} of its values look like one, so no PII type is assigned (${facts}).`);
  }
  if (best) {
    return none(
      `Column "${name}" has some ${describe(best.type).label} (${pct(best.cover)} of values), too few to call the column PII; review it if the column is free text (${facts}).`,
    );
  }
  return none(`Column "${name}" shows no personal data: no detector matched its values and its name suggests none (${facts}).`);
}

/** Classifies one column from its name and a sample (or all) of its values. */
export function classifyColumn(input: TColumnInput): TColumnVerdict {
  const profile = new ColumnProfile(input.name);
  for (const v of input.values) if (v != null) profile.add(v);
  return decideColumn(input.name, profile, input);
}
