// The hot path of a full table scan: which PII matches a column value holds. The work is cut three
// ways, each relying on detectors judging a value by its form plus a small, known part of its
// content (the column name is the same context for every value):
//
// 1. Values seen before in the column reuse their matches (a bounded per-column cache).
// 2. Values are grouped by shape (digits → 9, a letter run → a/A, other characters kept). The first
//    WARMUP values of a shape run every detector. A shape that never matched is not scanned again;
//    one that did runs only the detectors of the types it matched.
// 3. Where the verdict on a value depends only on its shape and a cheap key — the Luhn result of a
//    card, the SSA rules of an SSN, mod-97 of an IBAN, the numbering-plan prefix of a phone number,
//    the words of a street or name (digits do not matter to those) — the matches found for one
//    value are replayed, at the same offsets, for the next value with the same shape and key.
// The price: a rare value whose form was never seen among a shape's first WARMUP values and which
// differs from them only in a way the key ignores is judged like them. `npm run bench:scan` reports
// the speed; scanners/column-matcher.test.ts checks the findings equal those of a plain scan.
import type { TMatch } from './types';
import { scanText } from './scan-text';
import { TEST_CARDS } from './detectors/payment-card';
import { ssnValidation } from './detectors/us-ids';
import { luhnValid } from './validators/luhn';
import { iban97Valid } from './validators/mod97';

const WARMUP = 16;
const VALUE_CACHE = 4096;
const MAX_SHAPES = 2048;
const MAX_TEMPLATES = 8192;
/** Longer values are prose rather than a field: always scanned in full. */
const MAX_SHAPED_LENGTH = 64;

const digits = (v: string) => v.replace(/\D/g, '');

/** What besides the shape decides a detector's verdict on a value of this type. */
const VERDICT_KEY: Readonly<Record<string, (value: string) => string>> = {
  CREDIT_CARD: (v) => {
    const d = digits(v);
    return `${luhnValid(d)}:${TEST_CARDS.has(d)}:${d.slice(0, 2)}`;
  },
  US_SSN: (v) => String(ssnValidation(v)),
  IBAN_CODE: (v) => `${iban97Valid(v.replace(/\s/g, ''))}:${v.slice(0, 2).toUpperCase()}`,
  EMAIL_ADDRESS: (v) => v.slice(v.lastIndexOf('.')).toLowerCase(),
  IP_ADDRESS: (v) => (v.includes(':') ? v : String(v.split('.').every((o) => Number(o) <= 255))),
  // Validity in a numbering plan follows from the country code, area code and exchange.
  PHONE_NUMBER: (v) => digits(v).slice(0, 7),
  DATE_OF_BIRTH: (v) => {
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    if (!iso) return v;
    const date = new Date(Date.UTC(+iso[1]!, +iso[2]! - 1, +iso[3]!));
    return String(date.getUTCDate() === +iso[3]! && date.getUTCMonth() === +iso[2]! - 1 && date.getTime() <= Date.now());
  },
};

/** Types judged on words alone: the letters of the value (digits masked by the shape) are the key. */
const WORDS_ONLY = new Set(['PERSON', 'LOCATION', 'ORGANIZATION', 'STREET_ADDRESS']);
const wordsOf = (v: string) => v.replace(/\d+/g, '');

export function shapeOf(value: string): string | null {
  if (value.length > MAX_SHAPED_LENGTH) return null;
  let shape = '';
  let inLetters = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      shape += '9';
      inLetters = false;
    } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 128) {
      if (!inLetters) shape += c >= 65 && c <= 90 ? 'A' : 'a';
      inLetters = true;
    } else {
      shape += value[i];
      inLetters = false;
    }
  }
  return shape;
}

interface TShapeState {
  scanned: number;
  types: Set<string>;
}

/** Matches without their values; end -1 means "to the end of the value". */
type TTemplate = Omit<TMatch, 'value'>[];

export class ColumnMatcher {
  private readonly cache = new Map<string, TMatch[]>();
  private readonly shapes = new Map<string, TShapeState>();
  private readonly templates = new Map<string, TTemplate>();

  /** `prefix` is the column name read as words, scanned in front of each value as its context. */
  constructor(private readonly prefix: string) {}

  private lookups = 0;
  private hits = 0;
  /** The value cache is dropped in a column where values rarely repeat: there it only costs. */
  private caching = true;

  /** Matches within `value` (offsets relative to it). */
  matches(value: string): TMatch[] {
    if (!this.caching) return this.compute(value);
    const cached = this.cache.get(value);
    this.lookups++;
    if (cached) {
      this.hits++;
      return cached;
    }
    const result = this.compute(value);
    if (this.cache.size < VALUE_CACHE) this.cache.set(value, result);
    else if (this.lookups > 4 * VALUE_CACHE && this.hits < this.lookups / 4) {
      this.caching = false;
      this.cache.clear();
    }
    return result;
  }

  private compute(value: string): TMatch[] {
    const shape = shapeOf(value);
    let state = shape === null ? undefined : this.shapes.get(shape);
    if (shape !== null && !state && this.shapes.size < MAX_SHAPES) this.shapes.set(shape, (state = { scanned: 0, types: new Set() }));
    if (!state || state.scanned < WARMUP) {
      const found = this.scan(value);
      if (state) {
        state.scanned++;
        for (const m of found) state.types.add(m.entityType);
      }
      return found;
    }
    if (state.types.size === 0) return [];
    const types = [...state.types];
    const wordsKeyed = types.every((t) => WORDS_ONLY.has(t));
    const key = wordsKeyed ? wordsOf(value) : types.length === 1 ? VERDICT_KEY[types[0]!]?.(value) : undefined;
    return key === undefined ? this.scan(value, types) : this.replay(value, `${shape}\u0000${key}`, types, wordsKeyed);
  }

  /**
   * Letter runs fold in the shape, so two values of one shape can differ in length: a template is
   * kept only when its offsets carry over — one match over the whole value, or (words-only keys)
   * any matches, since then the words themselves are in the key and the digits' places in the shape.
   */
  private replay(value: string, templateKey: string, types: string[], wordsKeyed: boolean): TMatch[] {
    const template = this.templates.get(templateKey);
    if (template) return template.map((m) => ({ ...m, end: m.end < 0 ? value.length : m.end, value: value.slice(m.start, m.end < 0 ? value.length : m.end) }));
    const found = this.scan(value, types);
    const whole = found.length === 1 && found[0]!.start === 0 && found[0]!.end === value.length;
    if (this.templates.size < MAX_TEMPLATES && (wordsKeyed || whole)) {
      this.templates.set(templateKey, found.map(({ value: _raw, ...m }) => (wordsKeyed ? m : { ...m, end: -1 })));
    }
    return found;
  }

  private scan(value: string, entityTypes?: string[]): TMatch[] {
    const offset = this.prefix.length;
    return scanText(this.prefix + value, { entityTypes })
      .filter((m) => m.start >= offset) // a match on the column name itself
      .map((m) => ({ ...m, start: m.start - offset, end: m.end - offset }));
  }
}
