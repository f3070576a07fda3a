// The hot path of a full table scan: which PII matches a column value holds. The work is cut three
// ways, each relying on detectors judging a value by its form plus a small, known part of its
// content (the column name is the same context for every value):
//
// 1. Values seen before in the column reuse their matches (a bounded per-column cache).
// 2. Values are grouped by shape (digits → 9, a letter run → a/A, other characters kept), found by
//    walking a trie of shapes character by character (no string is built). The first WARMUP values
//    of a shape run every detector. A shape that never matched is not scanned again; one that did
//    runs only the detectors of the types it matched.
// 3. Where the verdict on a value depends only on its shape and a cheap key — the Luhn result of a
//    card, the SSA rules of an SSN, mod-97 of an IBAN, the numbering-plan prefix of a phone number,
//    the words of a street or name (digits do not matter to those) — the matches found for one
//    value are replayed, at the same offsets, for the next value with the same shape and key.
// The price: a rare value whose form was never seen among a shape's first WARMUP values and which
// differs from them only in a way the key ignores is judged like them. (Words-keyed values escape it:
// each new set of words is scanned by every detector.) `npm run bench:scan` reports
// the speed; scanners/column-matcher.test.ts checks the findings equal those of a plain scan.
//
// Results are plans (TPlan): the matches without their text, grouped by entity type with what the
// column profile counts, so replaying a verdict allocates nothing per value.
import type { TMatch } from './types';
import { scanText } from './scan-text';
import { nanpValid } from './detectors/nanp';
import { isTestIban } from './detectors/iban';
import { TEST_CARDS } from './detectors/payment-card';
import { plusOneNational } from './detectors/phone';
import { ssnValidation, TEST_SSNS } from './detectors/us-ids';
import { luhnValid } from './validators/luhn';
import { iban97Valid } from './validators/mod97';

const WARMUP = 16;
const VALUE_CACHE = 4096;
/** Shape trie nodes per column; a value whose shape would need more is scanned in full. */
const MAX_NODES = 8192;
/** Replay templates per column under string keys. */
const MAX_TEMPLATES = 8192;
/** Numeric keys (a phone number's first seven digits) past MAX_TEMPLATES index a byte table of this many entries (10 MB). */
const NUMERIC_KEYS = 10_000_000;
/** Numeric key tables alive in the process at once (each 10 MB); a shape past the cap scans its misses. */
const MAX_NUMERIC_TABLES = 4;
let liveNumericTables = 0;
const numericTables = new FinalizationRegistry<null>(() => liveNumericTables--);
/** Longer values are prose rather than a field: always scanned in full. */
const MAX_SHAPED_LENGTH = 64;

/** One entity type's matches in a value, as the column profile counts them. */
export interface TPlanEntry {
  entityType: string;
  /** Detector of the type's first match in the value. */
  detector: string;
  /** The type's first match covers at least 80% of the value. */
  whole: boolean;
  matches: number;
  confidenceSum: number;
  valid: number;
  invalid: number;
  testValues: number;
  /** The matches as [start, end) pairs (end -1: to the end of the value), for samples. */
  spans: number[];
  /** The matches themselves, for matches(); end -1 means the end of the value. */
  found: Omit<TMatch, 'value'>[];
}

export type TPlan = readonly TPlanEntry[];

const EMPTY: TPlan = Object.freeze([]) as TPlan;

/** Groups matches (offsets relative to a value of length `length`) into a plan. */
function planOf(matches: readonly Omit<TMatch, 'value'>[], length: number): TPlan {
  if (matches.length === 0) return EMPTY;
  const byType = new Map<string, TPlanEntry>();
  for (const m of matches) {
    let e = byType.get(m.entityType);
    if (!e) {
      const end = m.end < 0 ? length : m.end;
      e = { entityType: m.entityType, detector: m.detector, whole: end - m.start >= 0.8 * length, matches: 0, confidenceSum: 0, valid: 0, invalid: 0, testValues: 0, spans: [], found: [] };
      byType.set(m.entityType, e);
    }
    e.matches++;
    e.confidenceSum += m.confidence;
    if (m.validation === 'valid') e.valid++;
    else if (m.validation === 'invalid-checksum') e.invalid++;
    else if (m.validation === 'test-value') e.testValues++;
    e.spans.push(m.start, m.end);
    e.found.push({ entityType: m.entityType, start: m.start, end: m.end, confidence: m.confidence, detector: m.detector, validation: m.validation });
  }
  return [...byType.values()];
}

/** Two plans with the same matches (types, offsets, confidence, validation, detector). */
function samePlan(a: TPlan, b: TPlan): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!.found;
    const y = b[i]!.found;
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) {
      const m = x[j]!;
      const n = y[j]!;
      if (m.entityType !== n.entityType || m.start !== n.start || m.end !== n.end || m.confidence !== n.confidence || m.validation !== n.validation || m.detector !== n.detector) return false;
    }
  }
  return true;
}

const digits = (v: string) => v.replace(/\D/g, '');

/** The first seven digits of a value as a number (-1 with fewer): a phone number's country, area and exchange. */
function firstSevenDigits(v: string): number {
  let n = 0;
  let count = 0;
  for (let i = 0; i < v.length && count < 7; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      count++;
    }
  }
  return count === 7 ? n : -1;
}

/** A card's Luhn result, whether it is a known test number, and its first two digits, as one number. */
function cardKey(v: string): string | number {
  let count = 0;
  let sum = 0;
  let first2 = 0;
  // Luhn from the right: walk backwards, doubling every second digit.
  for (let i = v.length - 1; i >= 0; i--) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    let d = c - 48;
    if (count % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    count++;
  }
  if (count < 2) {
    const d = digits(v);
    return `${luhnValid(d)}:${TEST_CARDS.has(d)}:${d.slice(0, 2)}`;
  }
  for (let i = 0, seen = 0; i < v.length && seen < 2; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      first2 = first2 * 10 + (c - 48);
      seen++;
    }
  }
  const luhn = sum % 10 === 0;
  const test = luhn && hasDigitsOf(v, TEST_CARDS);
  return first2 * 4 + (luhn ? 2 : 0) + (test ? 1 : 0);
}

/** Whether the digits of `v`, read in place (other characters skipped), spell one of `numbers`. */
function hasDigitsOf(v: string, numbers: ReadonlySet<string>): boolean {
  outer: for (const n of numbers) {
    let k = 0;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c < 48 || c > 57) continue;
      if (k >= n.length || n.charCodeAt(k++) !== c) continue outer;
    }
    if (k === n.length) return true;
  }
  return false;
}

/** String(ssnValidation(v)), with the dashed spelling's SSA rules read in place. */
function ssnKey(v: string): string {
  if (v.length === 11 && v.charCodeAt(3) === 45 && v.charCodeAt(6) === 45) {
    const area = digitsAt(v, 0, 3);
    const group = digitsAt(v, 4, 6);
    const serial = digitsAt(v, 7, 11);
    if (area >= 0 && group >= 0 && serial >= 0) {
      if (area >= 900) return 'null';
      if (hasDigitsOf(v, TEST_SSNS)) return 'test-value';
      return area !== 0 && area !== 666 && group !== 0 && serial !== 0 ? 'valid' : 'invalid-checksum';
    }
  }
  return String(ssnValidation(v));
}

/** The part from the last dot, lower-cased: up to seven ASCII characters folded into a number (no string made). */
function emailKey(v: string): string | number {
  const dot = v.lastIndexOf('.');
  if (dot >= 0 && v.length - dot <= 8) {
    let n = 0;
    for (let i = dot + 1; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c >= 128) return v.slice(dot).toLowerCase();
      n = n * 128 + (c >= 65 && c <= 90 ? c + 32 : c);
    }
    return n;
  }
  return v.slice(dot).toLowerCase();
}

const upper = (c: number) => (c >= 97 && c <= 122 ? c - 32 : c);

/** An IBAN's country and whether it is a published example, passes mod 97 or fails it, as one number. */
function ibanKey(v: string): number {
  const compact = /\s/.test(v) ? v.replace(/\s/g, '') : v;
  const verdict = isTestIban(compact) ? 2 : iban97Valid(compact) ? 1 : 0;
  return (upper(v.charCodeAt(0)) * 128 + upper(v.charCodeAt(1))) * 3 + verdict;
}

/** Digits of `v` from `start` to `end` as a number, or -1 if another character is there. */
function digitsAt(v: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A YYYY-MM-DD value: 1 when it is a real calendar day not in the future, else 0; any other value is its own key. */
function isoDateKey(v: string): string | number {
  if (v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return v;
  const y = digitsAt(v, 0, 4);
  const m = digitsAt(v, 5, 7);
  const d = digitsAt(v, 8, 10);
  if (y < 0 || m < 0 || d < 0) return v;
  // Date.UTC reads years 0-99 as 1900-1999.
  const year = y <= 99 ? 1900 + y : y;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const real = m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
  return real && Date.UTC(y, m - 1, d) <= Date.now() ? 1 : 0;
}

/** What besides the shape decides a detector's verdict on a value of this type. */
const VERDICT_KEY: Readonly<Record<string, (value: string) => string | number>> = {
  CREDIT_CARD: cardKey,
  US_SSN: ssnKey,
  IBAN_CODE: ibanKey,
  EMAIL_ADDRESS: emailKey,
  IP_ADDRESS: (v) => (v.includes(':') ? v : String(ipv4OctetsValid(v))),
  // Validity in a numbering plan follows from the country code, area code and exchange. A whole "+1"
  // number is judged by its NANP validity alone (the phone detector does nothing else with its digits).
  // Otherwise seven digits make a number below NUMERIC_KEYS; fewer digits, a string key.
  PHONE_NUMBER: (v) => {
    const national = plusOneNational(v);
    if (national !== null) return nanpValid(national) ? 'nanp valid' : 'nanp invalid';
    const key = firstSevenDigits(v);
    return key >= 0 ? key : digits(v);
  },
  DATE_OF_BIRTH: isoDateKey,
};

/** Every dot-separated part of a dotted IPv4 value is at most 255 (what `Number(o) <= 255` said of each split part). */
function ipv4OctetsValid(v: string): boolean {
  let part = 0;
  let digitsInPart = 0;
  for (let i = 0; i <= v.length; i++) {
    const c = i < v.length ? v.charCodeAt(i) : 46;
    if (c === 46) {
      if (part > 255) return false;
      part = 0;
      digitsInPart = 0;
    } else if (c >= 48 && c <= 57 && digitsInPart < 4) {
      part = part * 10 + (c - 48);
      digitsInPart++;
    } else return v.split('.').every((o) => Number(o) <= 255); // anything unusual: the plain rule
  }
  return true;
}

/** Types judged on words alone: the letters of the value (digits masked by the shape) are the key. */
const WORDS_ONLY = new Set(['PERSON', 'LOCATION', 'ORGANIZATION', 'STREET_ADDRESS']);

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
  /** Set after warm-up: the types to look for, whether words alone key them, and the key function. */
  typeList?: string[];
  wordsKeyed?: boolean;
  key?: ((value: string) => string | number) | null;
  /** The shape holds digits: a words key must drop them. */
  hasDigits: boolean;
  templates?: Map<string | number, TPlan>;
  /** Numeric keys: plan index + 1 per key (0 = not seen). */
  numeric?: Uint8Array;
  numericPlans?: TPlan[];
}

/** A node of the shape trie: children by character class (0 digit, 1 upper-case run, 2 lower-case run, 3 + code otherwise), in two short parallel arrays (a node rarely has more than a few). */
interface TNode {
  classes: number[];
  children: TNode[];
  state?: TShapeState;
  hasDigits: boolean;
}

const newNode = (hasDigits: boolean): TNode => ({ classes: [], children: [], hasDigits });

export class ColumnMatcher {
  private readonly cache = new Map<string, TPlan>();
  private readonly root: TNode = newNode(false);
  private nodes = 1;
  private templateCount = 0;

  /** `prefix` is the column name read as words, scanned in front of each value as its context. */
  constructor(private readonly prefix: string) {}

  private lookups = 0;
  private hits = 0;
  /** The value cache is dropped in a column where values rarely repeat: there it only costs. */
  private caching = true;

  /** Matches within `value` (offsets relative to it). */
  matches(value: string): TMatch[] {
    const out: TMatch[] = [];
    for (const e of this.plan(value)) {
      for (const m of e.found) {
        const end = m.end < 0 ? value.length : m.end;
        out.push({ ...m, end, value: value.slice(m.start, end) });
      }
    }
    return out.sort((a, b) => a.start - b.start);
  }

  /** The matches within `value` as a plan grouped by entity type. */
  plan(value: string): TPlan {
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

  /** The state of the value's shape (created when there is room), or undefined for unshaped values. */
  private stateOf(value: string): TShapeState | undefined {
    if (value.length > MAX_SHAPED_LENGTH) return undefined;
    let node = this.root;
    let inLetters = false;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      let cls: number;
      if (c >= 48 && c <= 57) {
        cls = 0;
        inLetters = false;
      } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 128) {
        if (inLetters) continue;
        cls = c >= 65 && c <= 90 ? 1 : 2;
        inLetters = true;
      } else {
        cls = c + 3;
        inLetters = false;
      }
      const at = node.classes.indexOf(cls);
      if (at >= 0) node = node.children[at]!;
      else {
        if (this.nodes >= MAX_NODES) return undefined;
        const child = newNode(node.hasDigits || cls === 0);
        node.classes.push(cls);
        node.children.push(child);
        this.nodes++;
        node = child;
      }
    }
    node.state ??= { scanned: 0, types: new Set(), hasDigits: node.hasDigits };
    return node.state;
  }

  private compute(value: string): TPlan {
    const state = this.stateOf(value);
    if (!state || state.scanned < WARMUP) {
      const found = this.scan(value);
      if (state) {
        state.scanned++;
        for (const m of found) state.types.add(m.entityType);
      }
      return planOf(found, value.length);
    }
    if (state.types.size === 0) return EMPTY;
    if (!state.typeList) {
      state.typeList = [...state.types];
      state.wordsKeyed = state.typeList.every((t) => WORDS_ONLY.has(t));
      state.key = state.wordsKeyed ? null : state.typeList.length === 1 ? (VERDICT_KEY[state.typeList[0]!] ?? null) : null;
    }
    const types = state.typeList;
    if (state.wordsKeyed) return this.replay(state, state.hasDigits ? value.replace(/\d+/g, '') : value, value, types, true);
    if (!state.key) return planOf(this.scan(value, types), value.length);
    return this.replay(state, state.key(value), value, types, false);
  }

  /**
   * Letter runs fold in the shape, so two values of one shape can differ in length: a template is
   * kept only when its offsets carry over — one match over the whole value, or (words-only keys)
   * any matches, since then the words themselves are in the key and the digits' places in the shape.
   */
  private replay(state: TShapeState, key: string | number, value: string, types: string[], wordsKeyed: boolean): TPlan {
    const numeric = typeof key === 'number' && key < NUMERIC_KEYS;
    const index = numeric && state.numeric ? state.numeric[key as number]! : 0;
    if (index) return state.numericPlans![index - 1]!;
    const template = state.templates?.get(key);
    if (template) return template;
    // New words are scanned by every detector: a street or name the warm-up never met may hold
    // another words-only type (a place in a street name). Should it hold anything else, whose verdict
    // the digits may change, it is not kept as a template.
    const found = this.scan(value, wordsKeyed ? undefined : types);
    if (wordsKeyed && found.some((m) => !WORDS_ONLY.has(m.entityType))) return planOf(found, value.length);
    const whole = found.length === 1 && found[0]!.start === 0 && found[0]!.end === value.length;
    if (!wordsKeyed && !whole) return planOf(found, value.length);
    const made = planOf(wordsKeyed ? found : [{ ...found[0]!, end: -1 }], value.length);
    if (this.templateCount < MAX_TEMPLATES) {
      (state.templates ??= new Map()).set(key, made);
      this.templateCount++;
    } else if (numeric) this.storeNumeric(state, key as number, made);
    return made;
  }

  /** Keeps a template under a numeric key in the shape's byte table, made once the string-keyed templates are full. */
  private storeNumeric(state: TShapeState, key: number, template: TPlan): void {
    if (!state.numeric) {
      if (liveNumericTables >= MAX_NUMERIC_TABLES) return;
      liveNumericTables++;
      numericTables.register(state, null);
      state.numeric = new Uint8Array(NUMERIC_KEYS);
      state.numericPlans = [];
    }
    const plans = state.numericPlans!;
    // Templates repeat (a valid number, an unvalidated one): each distinct one is stored once.
    let index = plans.findIndex((p) => samePlan(p, template));
    if (index < 0) {
      if (plans.length >= 255) return;
      index = plans.push(template) - 1;
    }
    state.numeric[key] = index + 1;
  }

  private scan(value: string, entityTypes?: string[]): TMatch[] {
    const offset = this.prefix.length;
    return scanText(this.prefix + value, { entityTypes })
      .filter((m) => m.start >= offset) // a match on the column name itself
      .map((m) => ({ ...m, start: m.start - offset, end: m.end - offset }));
  }
}
