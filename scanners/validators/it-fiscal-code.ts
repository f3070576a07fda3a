// Odd-position values for 0-9 and A-Z in the Italian codice fiscale check character.
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function charIndex(ch: string): number {
  const code = ch.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 65;
}

/** Italian fiscal code (16 characters): the last letter is a checksum of the first 15. */
export function itFiscalCodeValid(code: string): boolean {
  const s = code.toUpperCase();
  if (!/^[A-Z0-9]{15}[A-Z]$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const v = charIndex(s[i]!);
    // Positions are 1-based in the spec: odd positions (even i) use the ODD table.
    sum += i % 2 === 0 ? ODD[v]! : v;
  }
  return String.fromCharCode(65 + (sum % 26)) === s[15];
}
