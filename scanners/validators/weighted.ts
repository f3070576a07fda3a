/** Weighted digit sums: the family of checks behind NHS numbers, PESEL, Dutch BSN, ABA routing
 *  numbers, Australian TFNs and similar. Each caller states its weights and modulus. */
export function weightedSum(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits.charCodeAt(i) - 48) * weights[i]!;
  return sum;
}

/** UK NHS number: weights 10..2 over the first nine digits, check = 11 - (sum mod 11), 10 is never issued. */
export function nhsValid(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  const check = 11 - (weightedSum(digits, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/** Polish PESEL: weights 1,3,7,9 repeating; check = (10 - sum mod 10) mod 10. */
export function peselValid(digits: string): boolean {
  if (!/^\d{11}$/.test(digits)) return false;
  const sum = weightedSum(digits, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]);
  return (10 - (sum % 10)) % 10 === Number(digits[10]);
}

/** Dutch BSN "11-proof": weights 9..2 and -1 over nine digits, sum divisible by 11. */
export function bsnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || digits === '000000000') return false;
  return weightedSum(digits, [9, 8, 7, 6, 5, 4, 3, 2, -1]) % 11 === 0;
}

/** US ABA routing number: weights 3,7,1 repeating, sum divisible by 10. */
export function abaValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || digits === '000000000') return false;
  return weightedSum(digits, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 === 0;
}

/** Australian tax file number (9 digits): weights 1,4,3,7,5,8,6,9,10, sum divisible by 11. */
export function tfnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  return weightedSum(digits, [1, 4, 3, 7, 5, 8, 6, 9, 10]) % 11 === 0;
}

/** German tax ID (Steuer-IdNr): ISO 7064 MOD 11,10 over the first ten digits, and in those ten
 *  exactly one digit repeats (twice or three times) while the first digit is never 0. */
export function deTaxIdValid(digits: string): boolean {
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  const counts = new Map<string, number>();
  for (const d of digits.slice(0, 10)) counts.set(d, (counts.get(d) ?? 0) + 1);
  const repeated = [...counts.values()].filter((n) => n > 1);
  if (repeated.length !== 1 || repeated[0]! > 3) return false;
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (Number(digits[i]) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = (11 - product) % 10;
  return check === Number(digits[10]);
}
