const LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI/NIF control letter: the 8-digit number mod 23 indexes LETTERS. NIE replaces its
 *  leading X/Y/Z with 0/1/2 and uses the same table. */
export function esIdValid(id: string): boolean {
  const s = id.toUpperCase();
  const m = /^([XYZ]|\d)(\d{7})([A-Z])$/.exec(s);
  if (!m) return false;
  const lead = 'XYZ'.indexOf(m[1]!);
  const number = Number((lead >= 0 ? String(lead) : m[1]!) + m[2]!);
  return LETTERS[number % 23] === m[3];
}
