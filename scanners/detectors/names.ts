import nlp from 'compromise';
import type { TMatch } from '../types';
import type { TDetector } from './detector';

// Names in free text. compromise supplies people, places and organisations from its lexicon and
// grammar; on top of that, runs of capitalised words that compromise cannot place (foreign names
// are mostly unknown to it) are read as people when their shape or the words around them say so.
// Names have no validator: matches are 'unvalidated' and rank below checksum-backed identifiers.

interface TTerm {
  text: string;
  tags: string[];
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

const isCapitalised = (s: string) => /^\p{Lu}[\p{L}'’-]*$/u.test(s) && !/^\p{Lu}+$/u.test(s.replace(/['’-]/g, ''));
const isInitial = (s: string) => /^\p{Lu}\.?$/u.test(s);

function tokens(doc: ReturnType<typeof nlp>): TToken[] {
  return (doc.json({ offset: true }) as { terms: TTerm[] }[]).flatMap((s) =>
    s.terms.map((t) => {
      const text = t.text.replace(/[.,;:!?"“”)]+$/u, '');
      return { text, start: t.offset.start, end: t.offset.start + text.length, tags: new Set(t.tags), post: t.post };
    }),
  );
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
    const doc = nlp(text);
    const spans: TSpan[] = [];
    for (const m of text.matchAll(FIRM)) spans.push({ entityType: 'ORGANIZATION', start: m.index, end: m.index + m[0].length, confidence: 0.7 });
    for (const run of nameRuns(tokens(doc))) {
      const span = classifyRun(text, run);
      if (span) spans.push(span);
    }
    const places = doc.places().json({ offset: true }) as TTerm[];
    const orgs = doc.organizations().json({ offset: true }) as TTerm[];
    for (const [entityType, list] of [['LOCATION', places], ['ORGANIZATION', orgs]] as const) {
      for (const t of list) {
        const start = t.offset.start;
        const end = start + t.offset.length - (/[\p{P}\s]+$/u.exec(t.text)?.[0].length ?? 0);
        if (/\p{Lu}/u.test(text.slice(start, end))) spans.push({ entityType, start, end, confidence: 0.6 });
      }
    }
    return spans.map((s): TMatch => ({ ...s, detector: 'names', validation: 'unvalidated', value: text.slice(s.start, s.end) }));
  },
};
