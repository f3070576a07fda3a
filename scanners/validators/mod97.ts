/** ISO 7064 mod 97-10 as used by IBAN: move the first four characters to the end,
 *  letters become 10..35, and the resulting number must be 1 mod 97. */
export function iban97Valid(compact: string): boolean {
  const s = compact.toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s)) return false;
  return mod97(s.slice(4) + s.slice(0, 4)) === 1;
}

/** Remainder mod 97 of an alphanumeric string read as a base-10 number with A=10..Z=35. */
export function mod97(alnum: string): number {
  let rest = 0;
  for (const ch of alnum) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    // Letters stand for two digits, so shift by 100 instead of 10.
    rest = (rest * (value > 9 ? 100 : 10) + value) % 97;
  }
  return rest;
}
