import nlp from 'compromise';
import type { TMatch } from '../types';
import type { TDetector } from './detector';

// Names in free text. compromise's lexicon and word tagger supply people, places and organisations;
// on top of that, runs of capitalised words that compromise cannot place (foreign names
// are mostly unknown to it) are read as people when their shape or the words around them say so.
// Names have no validator: matches are 'unvalidated' and rank below checksum-backed identifiers.

/** A term as compromise keeps it, after compute('offset'). */
interface TTerm {
  text: string;
  tags: Set<string>;
  post: string;
  offset: { start: number; length: number };
}

interface TToken {
  text: string;
  start: number;
  end: number;
  tags: Set<string>;
  /** Text between this token and the next one. */
  post: string;
}

type TSpan = { entityType: string; start: number; end: number; confidence: number };

/** Tags that mean "this capitalised word is not part of a person's name". */
const NOT_NAME = ['Place', 'Organization', 'Verb', 'Adjective', 'Adverb', 'Pronoun', 'Determiner', 'Preposition', 'Conjunction',
  'QuestionWord', 'Date', 'Month', 'WeekDay', 'Value', 'Honorific', 'Actor', 'Demonym', 'Currency', 'Unit', 'Url', 'Email'];
const PERSON_TAGS = ['Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName'];
const PARTICLES = new Set(['de', 'da', 'das', 'dos', 'del', 'della', 'di', 'van', 'von', 'der', 'den', 'la', 'le', 'bin', 'ibn', 'al']);
const ORG_WORDS = /^(?:Inc|LLC|Ltd|Limited|Group|Corp|Corporation|Company|Co|Bank|University|College|Orchestra|Associates|Partners|Holdings|Insurance|Research|Systems|Technologies|Labs|Foundation|Institute|Agency|Clinic|Hospital|Department|Ministry|Council|Media|Data|Transit|Traffic|Solutions|Services|International|Global)\.?$/;
const PLACE_WORDS = /^(?:Street|St|Road|Rd|Avenue|Ave|Lane|Drive|Boulevard|Square|Park|Bay|River|Lake|Mount|County|City|Island|Islands|Republic|Kingdom|States|Union|Bypass|Pass|Forges?|Gardens|Rue|Via|Calle|Avenida)\.?$/;
/** Words right before a name that introduce a person. */
const CUE_BEFORE = /\b(?:name is|name's|named|called|call me|i'm|i am|hi|hello|hey|dear|thanks|mr|mrs|ms|miss|dr|prof|sir|madam|says|said|by|with|to|and|assistant to|player|producer|founders:|name:|name\?|user:|early|ex-zombie)\s*[.:]?\s*$/i;
/** What follows a single-word name: a possessive or a verb phrase people are the subject of. */
const CUE_AFTER = /^(?:'s\b|’s\b|\s+(?:is (?:very|so|not|from)|was born|will|had|has|lives|began|just|says|said|listed|can)\b|,\s+(?:can|the|and|i)\b)/i;
/** A speaker label at the start of a line in a dialogue ("Nicole: Remember me?"). */
const SPEAKER = (text: string, start: number, end: number) => /(?:^|\n)[ \t>]*$/.test(text.slice(Math.max(0, start - 4), start)) && /^\s*:/.test(text.slice(end, end + 2));
const LEXICON = (nlp as unknown as { model(): { one: { lexicon: Record<string, string | undefined> } } }).model().one.lexicon;

// compromise's default pipeline ends with its post-tagger (hundreds of match rules, three quarters of the
// parse time) and the chunker. Neither finds names the rules below miss (eval:pii scores as well or better
// without them), so only the tokenizer, the lexicon and the per-word pre-tagger run.
const TAGGING = ['index', 'id', 'freeze', 'lexicon', 'preTagger', 'contractionTwo'];
// tokenize() is typed as the bare tokenizer's View; the object it returns has the whole API of this build.
const parse = (text: string) => nlp.tokenize(text).compute(TAGGING) as ReturnType<typeof nlp>;

const isCapitalised = (s: string) => /^\p{Lu}[\p{L}'’-]*$/u.test(s) && !/^\p{Lu}+$/u.test(s.replace(/['’-]/g, ''));
const isInitial = (s: string) => /^\p{Lu}\.?$/u.test(s);

/** The parsed sentences as compromise's own term arrays (cheaper than .json(), which copies every term). */
function sentences(text: string): TTerm[][] {
  return (parse(text).compute('offset') as unknown as { docs: TTerm[][] }).docs;
}

function tokens(sentence: TTerm[]): TToken[] {
  return sentence.map((t) => {
    const text = t.text.replace(/[.,;:!?"“”)]+$/u, '');
    return { text, start: t.offset.start, end: t.offset.start + text.length, tags: t.tags, post: t.post };
  });
}

const hasAny = (t: TTerm, tags: readonly string[]) => tags.some((tag) => t.tags.has(tag));

/** Maximal runs of terms carrying one of the tags, as compromise's places() and organizations() read them
 *  ('#Place+'); a place run is cut after a comma except between a city or region and its country ("Paris, France"). */
function taggedRuns(sentence: TTerm[], tags: readonly string[], splitCommas: boolean): TTerm[][] {
  const runs: TTerm[][] = [];
  let run: TTerm[] = [];
  sentence.forEach((t, i) => {
    if (!hasAny(t, tags)) {
      if (run.length) runs.push(run);
      run = [];
      return;
    }
    run.push(t);
    const next = sentence[i + 1];
    const keepsCountry =
      !!next && hasAny(t, ['City', 'Region', 'ProperNoun']) && hasAny(next, ['Country', 'Region']) && !/^(?:asia|africa|europe|america)$/i.test(t.text);
    if (splitCommas && t.post.includes(',') && !keepsCountry) {
      runs.push(run);
      run = [];
    }
  });
  if (run.length) runs.push(run);
  return runs;
}

/** A word compromise knows as something other than a name ("Battery", "Please") is not one here either,
 *  unless compromise read it as a person in this sentence. */
function dictionaryWord(t: TToken): boolean {
  const known = LEXICON[t.text.toLowerCase().replace(/['’]s$/, '')];
  return !!known && !PERSON_TAGS.includes(known) && !PERSON_TAGS.some((tag) => t.tags.has(tag));
}

const nameToken = (t: TToken) => isCapitalised(t.text) && !NOT_NAME.some((tag) => t.tags.has(tag)) && !dictionaryWord(t);

/** Maximal runs of name-like tokens on one line (initials and particles allowed inside). */
function nameRuns(toks: TToken[]): TToken[][] {
  const runs: TToken[][] = [];
  let run: TToken[] = [];
  const close = () => {
    while (run.length && !nameToken(run[run.length - 1]!)) run.pop();
    if (run.length) runs.push(run);
    run = [];
  };
  for (const t of toks) {
    const joins = run.length > 0 && /^[ \t]+$/.test(run[run.length - 1]!.post.replace(/\./, ''));
    const inner = isInitial(t.text) || PARTICLES.has(t.text);
    if (nameToken(t) || (run.length > 0 && joins && inner)) {
      if (run.length && !joins) close();
      run.push(t);
    } else close();
  }
  close();
  return runs;
}

function classifyRun(text: string, run: TToken[]): TSpan | null {
  const start = run[0]!.start;
  const end = run[run.length - 1]!.end;
  const words = run.map((t) => t.text);
  if (words.some((w) => PLACE_WORDS.test(w))) return null;
  // Between a house number and a street number: a street ("5551 Tjalling Harkeswei 125").
  if (/\d[ \t]+$/.test(text.slice(Math.max(0, start - 3), start)) || /^[ \t]+\d/.test(text.slice(end, end + 3))) return null;
  if (words.some((w) => ORG_WORDS.test(w))) return { entityType: 'ORGANIZATION', start, end, confidence: 0.6 };
  const named = words.filter((w) => !isInitial(w) && !PARTICLES.has(w));
  const knownPerson = run.some((t) => PERSON_TAGS.some((tag) => t.tags.has(tag)));
  if (named.length >= 2) return { entityType: 'PERSON', start, end, confidence: knownPerson ? 0.65 : 0.55 };
  // A single word: a hyphenated pair of surnames on its own is a firm name ("Weeks-Rivas").
  if (/\p{L}-\p{Lu}/u.test(words[0]!)) return null;
  const cued =
    CUE_BEFORE.test(text.slice(Math.max(0, start - 24), start)) || CUE_AFTER.test(text.slice(end, end + 12)) || SPEAKER(text, start, end);
  if (knownPerson || cued) return { entityType: 'PERSON', start, end, confidence: knownPerson && cued ? 0.65 : 0.5 };
  return null;
}

// Law-firm style company names: "Hawkins, Richardson and Santana" after "at/for/from/of/the" or on a line of its own.
const FIRM = /(?<=(?:\b(?:at|for|from|of|with|The|the)\s|^>?|\n>?))\p{Lu}[\p{L}'-]+, \p{Lu}[\p{L}'-]+ and \p{Lu}[\p{L}'-]+/gu;

export const namesDetector: TDetector = {
  name: 'names',
  entityTypes: ['PERSON', 'LOCATION', 'ORGANIZATION'],
  detect: (text) => {
    if (!/\p{Lu}/u.test(text)) return [];
    const spans: TSpan[] = [];
    for (const m of text.matchAll(FIRM)) spans.push({ entityType: 'ORGANIZATION', start: m.index, end: m.index + m[0].length, confidence: 0.7 });
    const parsed = sentences(text);
    for (const run of nameRuns(parsed.flatMap(tokens))) {
      const span = classifyRun(text, run);
      if (span) spans.push(span);
    }
    for (const sentence of parsed) {
      const places = taggedRuns(sentence, ['Place', 'Address'], true).map((run) => ['LOCATION', run] as const);
      const orgs = taggedRuns(sentence, ['Organization'], false).map((run) => ['ORGANIZATION', run] as const);
      for (const [entityType, run] of [...places, ...orgs]) {
        const start = run[0]!.offset.start;
        const last = run[run.length - 1]!;
        const value = text.slice(start, last.offset.start + last.offset.length).replace(/[\p{P}\s]+$/u, '');
        if (/\p{Lu}/u.test(value)) spans.push({ entityType, start, end: start + value.length, confidence: 0.6 });
      }
    }
    return spans.map((s): TMatch => ({ ...s, detector: 'names', validation: 'unvalidated', value: text.slice(s.start, s.end) }));
  },
};
