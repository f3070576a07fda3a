import { abaValid } from '../validators/weighted';
import { checked, idDetector } from './id-detector';
import { digitsOf } from './detector';

/** Numbers the SSA voided after publication or uses in examples. */
export const TEST_SSNS: ReadonlySet<string> = new Set(['123456789', '078051120', '219099999', '457555462']);

const ITIN_GROUP = /^9\d\d(?:5\d|6[0-5]|7\d|8[0-8]|9[0-2]|9[4-9])\d{4}$/;

export function ssnValidation(raw: string) {
  const d = digitsOf(raw);
  if (d.startsWith('9')) return null; // 9xx is the ITIN range, never an SSN
  const rulesOk = !d.startsWith('000') && !d.startsWith('666') && d.slice(3, 5) !== '00' && d.slice(5) !== '0000';
  return checked(rulesOk, TEST_SSNS, d);
}

const dashed = (raw: string) => raw.includes('-');

export const usIdDetector = idDetector('us-id', [
  {
    entityType: 'US_SSN',
    pattern: /(?<![\d-])\d{3}(-?)\d{2}\1\d{4}(?![\d-])/g,
    context: ['ssn', 'ssns', 'social', 'security', 'ss', 'ssa'],
    validate: ssnValidation,
    requiresContext: (raw) => !dashed(raw),
    distinctive: dashed,
  },
  {
    entityType: 'US_ITIN',
    pattern: /(?<![\d-])9\d{2}(-?)\d{2}\1\d{4}(?![\d-])/g,
    context: ['itin', 'taxpayer', 'tax'],
    validate: (raw) => checked(ITIN_GROUP.test(digitsOf(raw))),
    requiresContext: (raw) => !dashed(raw),
    distinctive: dashed,
  },
  {
    entityType: 'US_PASSPORT',
    pattern: /(?<![\w-])(?:[A-Z]\d{8}|\d{9})(?![\w-])/g,
    context: ['passport', 'passports'],
    requiresContext: true,
  },
  {
    entityType: 'US_DRIVER_LICENSE',
    // State formats vary widely: a letter and digits, digit groups, or 6-15 plain digits.
    pattern: /(?<![\w-])(?:[A-Z]{1,2}\d{4,14}|\d{4}-\d{2}-\d{4}|\d{3}-\d{3}-\d{3}|\d{6,15})(?![\w-])/g,
    context: ['driver', 'drivers', 'driving', 'license', 'licence', 'dl', 'dln'],
    requiresContext: true,
  },
  {
    entityType: 'ABA_ROUTING_NUMBER',
    pattern: /(?<![\w-])(?:\d{9}|\d{4}-\d{4}-\d)(?![\w-])/g,
    context: ['routing', 'aba', 'rtn', 'transit'],
    validate: (raw) => checked(abaValid(digitsOf(raw))),
    requiresContext: true,
  },
  {
    entityType: 'US_BANK_NUMBER',
    pattern: /(?<![\w-])\d{8,17}(?![\w-])/g,
    context: ['account', 'acct', 'checking', 'savings', 'deposit'],
    requiresContext: true,
  },
]);
