/** A character's value in mod 97-10: digits 0..9, letters (either case) 10..35, anything else -1. */
function alnumValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  if (code >= 97 && code <= 122) return code - 87;
  return -1;
}

/** ISO 7064 mod 97-10 as used by IBAN: move the first four characters to the end, letters
 *  become 10..35, and the resulting number must be 1 mod 97. Read in place: a table scan checks
 *  every value of an IBAN column, so nothing is allocated. */
export function iban97Valid(compact: string): boolean {
  const n = compact.length;
  if (n < 5) return false;
  let rest = 0;
  for (let k = 0; k < n; k++) {
    const i = (k + 4) % n; // the first four characters last
    const value = alnumValue(compact.charCodeAt(i));
    // Country letters, then check digits, then letters or digits.
    if (value < 0 || (i < 2 && value < 10) || (i >= 2 && i < 4 && value > 9)) return false;
    // Letters stand for two digits, so shift by 100 instead of 10.
    rest = (rest * (value > 9 ? 100 : 10) + value) % 97;
  }
  return rest === 1;
}

/** Remainder mod 97 of an alphanumeric string read as a base-10 number with A=10..Z=35. */
export function mod97(alnum: string): number {
  let rest = 0;
  for (let i = 0; i < alnum.length; i++) {
    const value = alnumValue(alnum.charCodeAt(i));
    rest = (rest * (value > 9 ? 100 : 10) + value) % 97;
  }
  return rest;
}
