import { iban97Valid } from '../validators/mod97';
import { collect, judgeWith, type TDetector, type TValidation } from './detector';

/** IBAN length per country (ISO 13616 registry). */
const LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22,
  GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30,
  KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31,
  MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24,
  SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

const TEST_IBANS = new Set(['GB82WEST12345698765432', 'DE89370400440532013000', 'GB29NWBK60161331926819', 'FR1420041010050500013M02606']);

/** Whether a compact IBAN (no spaces, either case) is one of the published example numbers, compared in place. */
export function isTestIban(compact: string): boolean {
  outer: for (const test of TEST_IBANS) {
    if (test.length !== compact.length) continue;
    for (let i = 0; i < test.length; i++) {
      const c = compact.charCodeAt(i);
      if ((c >= 97 && c <= 122 ? c - 32 : c) !== test.charCodeAt(i)) continue outer;
    }
    return true;
  }
  return false;
}

// Country, check digits, then blocks of four (optionally space-separated) and a short tail.
const IBAN = /(?<![\w])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![\w])/g;

const RULE = { context: ['iban', 'account', 'bank', 'transfer', 'wire', 'sepa', 'beneficiary'] };

export const ibanDetector: TDetector = {
  name: 'iban',
  entityTypes: ['IBAN_CODE'],
  detect: (text) =>
    collect(text, IBAN, 'IBAN_CODE', 'iban', (m) => {
      const compact = m[0].replace(/ /g, '').toUpperCase();
      const expected = LENGTHS[compact.slice(0, 2)];
      if (!expected) return null;
      // A space-separated IBAN can be followed by an unrelated short word: cut at the country length.
      let end = m.index + m[0].length;
      if (compact.length > expected) {
        let seen = 0;
        end = m.index;
        while (seen < expected) if (text[end++] !== ' ') seen++;
      } else if (compact.length < expected) return null;
      const iban = compact.slice(0, expected);
      const validation: TValidation = TEST_IBANS.has(iban) ? 'test-value' : iban97Valid(iban) ? 'valid' : 'invalid-checksum';
      const verdict = judgeWith(text, m.index, end, RULE, { validation, base: 0.85, distinctive: true });
      return verdict && { ...verdict, end };
    }),
};
