import { collect, judgeWith, type TDetector } from './detector';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAME = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const YEAR = '(?:19|20)\\d\\d';

// Named groups: y, m (number) or mn (month name), d.
const DATE = new RegExp(
  [
    `(?<y>${YEAR})([-/.])(?<m>\\d{1,2})\\2(?<d>\\d{1,2})`,
    `(?<a>\\d{1,2})([-/.])(?<b>\\d{1,2})\\6(?<y2>${YEAR})`,
    `(?<mn>${MONTH_NAME}) (?<d3>\\d{1,2})(?:st|nd|rd|th)?,? (?<y3>${YEAR})`,
    `(?<d4>\\d{1,2})(?:st|nd|rd|th)? (?<mn4>${MONTH_NAME}),? (?<y4>${YEAR})`,
  ]
    .map((alt) => `(?<![\\w.-])${alt}(?![\\w]|[-/.]\\d)`)
    .join('|'),
  'gi',
);

const RULE = { context: ['dob', 'birth', 'born', 'birthday', 'birthdate', 'bday', 'geboren', 'nacimiento', 'naissance'] };

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d && date.getTime() <= Date.now();
}

/** Reads the matched groups as a calendar date; a numeric d/m/y accepts either day-month order. */
function plausible(g: Record<string, string | undefined>): boolean {
  const monthOf = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
  if (g.y) return isRealDate(+g.y, +g.m!, +g.d!);
  if (g.y2) return isRealDate(+g.y2, +g.a!, +g.b!) || isRealDate(+g.y2, +g.b!, +g.a!);
  if (g.y3) return isRealDate(+g.y3, monthOf(g.mn!), +g.d3!);
  return isRealDate(+g.y4!, monthOf(g.mn4!), +g.d4!);
}

/** Dates are everywhere; a date is a date of birth only when a birth word is next to it. */
export const dateOfBirthDetector: TDetector = {
  name: 'date-of-birth',
  entityTypes: ['DATE_OF_BIRTH'],
  detect: (text) =>
    collect(text, DATE, 'DATE_OF_BIRTH', 'date-of-birth', (m) =>
      plausible(m.groups ?? {})
        ? judgeWith(text, m.index, m.index + m[0].length, RULE, { validation: 'valid', requiresContext: true })
        : null,
    ),
};
