import { luhnValid } from '../validators/luhn';
import { verhoeffValid } from '../validators/verhoeff';
import { tfnValid } from '../validators/weighted';
import { checked, idDetector } from './id-detector';
import { digitsOf } from './detector';

const NRIC_LETTERS: Record<string, string> = { ST: 'JZIHGFEDCBA', FG: 'XWUTRQPNMLK' };

/** Singapore NRIC/FIN: weights 2,7,6,5,4,3,2; T and G (born/issued from 2000) add 4. */
function nricValid(raw: string): boolean {
  const weights = [2, 7, 6, 5, 4, 3, 2];
  let sum = [...raw.slice(1, 8)].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  if (raw[0] === 'T' || raw[0] === 'G') sum += 4;
  const table = 'ST'.includes(raw[0]!) ? NRIC_LETTERS.ST! : NRIC_LETTERS.FG!;
  return table[sum % 11] === raw[8];
}

const grouped = (raw: string) => /[ -]/.test(raw);

export const otherNationalIdDetector = idDetector('national-id', [
  {
    entityType: 'CA_SIN',
    pattern: /(?<![\w-]|\d )\d{3}([ -]?)\d{3}\1\d{3}(?![\w-]| \d)/g,
    context: ['sin', 'social', 'insurance'],
    validate: (raw) => checked(luhnValid(digitsOf(raw))),
    requiresContext: true,
  },
  {
    entityType: 'IN_AADHAAR',
    pattern: /(?<![\w-]|\d )[2-9]\d{3}([ -]?)\d{4}\1\d{4}(?![\w-]| \d)/g,
    context: ['aadhaar', 'aadhar', 'uidai', 'enrolment'],
    validate: (raw) => checked(verhoeffValid(digitsOf(raw))),
    // Grouped 4-4-4 with a valid Verhoeff digit is telling; twelve bare digits are not.
    requiresContext: (raw) => !grouped(raw),
  },
  {
    entityType: 'IN_PAN',
    // Fourth letter is the holder type (P person, C company, ...).
    pattern: /(?<![\w-])[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z](?![\w-])/g,
    context: ['pan', 'income', 'tax'],
    base: 0.6,
  },
  {
    entityType: 'AU_TFN',
    pattern: /(?<![\w-]|\d )\d{3}([ -]?)\d{3}\1\d{3}(?![\w-]| \d)/g,
    context: ['tfn', 'tax'],
    validate: (raw) => checked(tfnValid(digitsOf(raw))),
    requiresContext: true,
  },
  {
    entityType: 'SG_NRIC_FIN',
    pattern: /(?<![\w-])[STFG]\d{7}[A-Z](?![\w-])/g,
    context: ['nric', 'fin', 'ic'],
    validate: (raw) => checked(nricValid(raw)),
    distinctive: true,
  },
]);
