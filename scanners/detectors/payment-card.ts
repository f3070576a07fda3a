import { luhnValid } from '../validators/luhn';
import { collect, digitsOf, judgeWith, type TDetector, type TValidation } from './detector';

const LONG = [16, 17, 18, 19];
const ANY = [12, 13, 14, 15, 16, 17, 18, 19];

/** Issuer identification ranges: [first prefix, last prefix (same width), allowed lengths]. */
const ISSUERS: ReadonlyArray<readonly [string, string, readonly number[]]> = [
  ['4', '4', [13, 16, 19]], // Visa
  ['51', '55', [16]], ['2221', '2720', [16]], // Mastercard
  ['34', '34', [15]], ['37', '37', [15]], // American Express
  ['300', '305', [14, ...LONG]], ['36', '36', [14, ...LONG]], ['38', '39', [14, ...LONG]], // Diners Club
  ['6011', '6011', LONG], ['644', '649', LONG], ['65', '65', LONG], // Discover
  ['35', '35', LONG], ['2131', '2131', [15]], ['1800', '1800', [15]], // JCB (35xx, plus the legacy 15-digit ranges)
  ['62', '62', LONG], // UnionPay
  ['2200', '2204', LONG], // Mir
  ['50', '50', ANY], ['56', '69', ANY], ['0604', '0604', ANY], // Maestro, including the legacy UK 0604 range
];

export function issuerMatches(digits: string): boolean {
  return ISSUERS.some(([from, to, lengths]) => {
    const prefix = digits.slice(0, from.length);
    return prefix >= from && prefix <= to && lengths.includes(digits.length);
  });
}

/** Numbers published by card networks and payment processors for testing. */
export const TEST_CARDS: ReadonlySet<string> = new Set([
  '4111111111111111', '4012888888881881', '4222222222222', '4242424242424242', '4000056655665556',
  '5555555555554444', '5105105105105100', '5500000000000004', '5200828282828210', '2223003122003222',
  '378282246310005', '371449635398431', '340000000000009', '378734493671000', '6011111111111117',
  '6011000990139424', '3530111333300000', '3566002020360505', '30569309025904', '38520000023237',
  '6200000000000005',
]);

// Digits with at most one space or dash between them; bounded repetition keeps this linear.
const CARD = /(?<![\w-])\d(?:[ -]?\d){11,18}(?![\w-]|[.,]\d)/g;

/** Groupings printed on cards (4-4-4-4, Amex 4-6-5, Diners 4-6-4, 4-4-4-4-3). */
const GROUPED = /^(?:\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{3})?|\d{4}([ -])\d{6}\2\d{4,5})$/;

const RULE = {
  context: ['card', 'credit', 'debit', 'visa', 'mastercard', 'amex', 'cc', 'payment', 'pan', 'charge', 'charged', 'cardholder'],
  veto: ['order', 'invoice', 'tracking', 'isbn', 'version', 'uid', 'uuid', 'serial', 'imei'],
};

export const paymentCardDetector: TDetector = {
  name: 'payment-card',
  entityTypes: ['CREDIT_CARD'],
  detect: (text) =>
    collect(text, CARD, 'CREDIT_CARD', 'payment-card', (m) => {
      const raw = m[0];
      const separators = raw.match(/[ -]/g) ?? [];
      if (new Set(separators).size > 1) return null;
      const grouped = GROUPED.test(raw);
      if (separators.length > 0 && !grouped) return null;
      const digits = digitsOf(raw);
      if (!issuerMatches(digits)) return null;
      const validation: TValidation = TEST_CARDS.has(digits) ? 'test-value' : luhnValid(digits) ? 'valid' : 'invalid-checksum';
      return judgeWith(text, m.index, m.index + raw.length, RULE, { validation, base: 0.8, distinctive: grouped });
    }),
};
