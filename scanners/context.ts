// Context words: whole words near a candidate that make it more (or less) likely to be what its
// format suggests. "card 4111…" supports a card number; "order 4111…" vetoes it.

const WORD = /[\p{L}\p{N}]+/gu;
const BEFORE = 48;
const AFTER = 24;

function words(s: string): string[] {
  return s.toLowerCase().match(WORD) ?? [];
}

/** Lower-cased whole words within a small window around [start, end). */
export function wordsAround(text: string, start: number, end: number): Set<string> {
  return new Set(words(text.slice(Math.max(0, start - BEFORE), start) + ' ' + text.slice(end, end + AFTER)));
}

/** The last n whole words before start: vetoes only count when they are this close. */
export function wordsJustBefore(text: string, start: number, n = 3): Set<string> {
  return new Set(words(text.slice(Math.max(0, start - BEFORE), start)).slice(-n));
}

export function hasAny(set: Set<string>, list: readonly string[] | undefined): boolean {
  return !!list && list.some((w) => set.has(w));
}
