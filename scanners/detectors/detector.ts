import type { TMatch } from '../types';
import { hasAny, wordsAround, wordsJustBefore } from '../context';

export type TValidation = TMatch['validation'];

export interface TDetectOptions {
  /** ISO 3166 region used to read national phone numbers without a country code. */
  region: string;
}

/** One detector family: finds candidates for one or more entity types in a text. */
export interface TDetector {
  name: string;
  entityTypes: readonly string[];
  detect(text: string, options: TDetectOptions): TMatch[];
}

/** How a detector scores a candidate. */
export interface TEvidence {
  validation: TValidation;
  /** The bare format is too common (e.g. nine plain digits) to report without a context word. */
  requiresContext?: boolean;
  /** The format alone is telling (separators in the usual grouping, a fixed prefix): a failed checksum is still worth reporting. */
  distinctive?: boolean;
  /** Confidence of a valid match without context; the other levels are derived from it. */
  base?: number;
}

export interface TRule {
  context: readonly string[];
  veto?: readonly string[];
}

/** Confidence for a candidate, or null when it should not be reported. Shared by all detectors so
 *  that "valid beats unvalidated beats failed checksum" holds everywhere. */
export function score(text: string, start: number, end: number, rule: TRule, evidence: TEvidence): number | null {
  if (hasAny(wordsJustBefore(text, start), rule.veto)) return null;
  const context = hasAny(wordsAround(text, start, end), rule.context);
  const { validation } = evidence;
  if (evidence.requiresContext && !context) return null;
  if (validation === 'invalid-checksum' && !context && !evidence.distinctive) return null;
  const base = evidence.base ?? 0.65;
  const level = { valid: base, 'test-value': base * 0.75, unvalidated: base * 0.65, 'invalid-checksum': 0.25 }[validation];
  return Math.min(0.99, Math.round((level + (context ? 0.3 : 0)) * 100) / 100);
}

export interface TVerdict {
  validation: TValidation;
  confidence: number;
  /** Shortened end, when the regex match runs past the value (see iban.ts). */
  end?: number;
}

/** score() packaged as a verdict for collect(). */
export function judgeWith(text: string, start: number, end: number, rule: TRule, evidence: TEvidence): TVerdict | null {
  const confidence = score(text, start, end, rule, evidence);
  return confidence === null ? null : { validation: evidence.validation, confidence };
}

/** Runs a global regex over text and turns the candidates the judge accepts into matches. */
export function collect(
  text: string,
  pattern: RegExp,
  entityType: string,
  detector: string,
  judge: (m: RegExpExecArray) => TVerdict | null,
): TMatch[] {
  const out: TMatch[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const verdict = judge(m);
    if (!verdict) continue;
    const start = m.index;
    const end = verdict.end ?? m.index + m[0].length;
    out.push({
      entityType,
      start,
      end,
      confidence: verdict.confidence,
      detector,
      validation: verdict.validation,
      value: text.slice(start, end),
    });
  }
  return out;
}

export const digitsOf = (s: string): string => s.replace(/\D/g, '');
