import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { STREET_SUFFIX } from './street-address';
import { collect, digitsOf, judgeWith, type TDetector, type TValidation } from './detector';
import { nanpValid } from './nanp';

// Optional international prefix, optional "(0)" trunk marker and "(area)", then digit groups joined
// by single separators (so the split is unambiguous and the scan stays linear), and an optional
// "x123" extension. It must not run on into a word, another number or a "-A" style suffix
// (part numbers), but "-Office" after a number is a label.
const PHONE =
  /(?<![\w+@/.-])(?:(?:\+|00)\d{1,3}[ .-]?)?(?:\(0\) ?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,12}(?:[ .-]\d{1,12}){0,6}(?:x\d{1,5})?(?![\w@]|[.-]\d|-[A-Za-z](?![a-z]))/g;

// Shapes other detectors own or that are not phone numbers at all.
const NOT_PHONE = [
  /\b(?:1[89]|20)\d\d[-./](?:0?[1-9]|1[0-2])[-./]\d\d/, // ISO dates
  /\b\d{1,2}[-./]\d{1,2}[-./](?:1[89]|20)\d\d\b/, // d/m/y dates
  /^\d{3}-\d{2}-\d{4}$/, // SSN
  /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/, // IPv4
];

const OTHER_REGIONS: CountryCode[] = ['US', 'GB', 'CA', 'DE', 'FR', 'IN', 'AU', 'ES', 'IT', 'NL', 'BE', 'CH', 'SE', 'PL', 'BR', 'MX', 'JP', 'ZA'];

const RULE = {
  context: [
    'phone', 'telephone', 'tel', 'mobile', 'cell', 'cellphone', 'fax', 'desk', 'office', 'call', 'callback', 'dial',
    'contact', 'reach', 'text', 'sms', 'whatsapp', 'answering', 'messages', 'registered', 'landline', 'ext', 'pager',
    'number', 'home', 'work',
  ],
  // Includes the words that announce other numbers ("card number 6304…", "license number is 6940579").
  veto: ['order', 'version', 'isbn', 'part', 'invoice', 'serial', 'uid', 'uuid', 'sku', 'ticket', 'tracking', 'ref', 'build',
    'card', 'cc', 'license', 'licence', 'passport', 'ssn', 'iban', 'account', 'routing'],
};

/** "17031 2202 Rissik St": house and street numbers are not a phone number. */
const BEFORE_STREET = new RegExp(`^\\s+[\\p{Lu}][\\p{L}'.-]*(?:\\s[\\p{Lu}][\\p{L}'.-]*){0,3}\\s${STREET_SUFFIX}\\b`, 'u');

/** "+1 NXX-NXX-XXXX" and its usual spellings: the ten digits are the whole national number. */
const PLUS_ONE = /^\+1[ .-]?(?:\((\d{3})\)|(\d{3}))[ .-]?(\d{3})[ .-]?(\d{4})$/;

/** The ten national digits of a "+1 NXX-NXX-XXXX" spelling, or null for anything else. */
export function plusOneNational(candidate: string): string | null {
  const plusOne = PLUS_ONE.exec(candidate);
  return plusOne ? (plusOne[1] ?? plusOne[2])! + plusOne[3]! + plusOne[4]! : null;
}

/** Whether libphonenumber-js judges the candidate valid in the region (or in the country its +code names). */
export function validIn(candidate: string, region: CountryCode): boolean {
  // +1 numbers skip the general parser (see nanp.ts): the same verdict at a fraction of the cost.
  const national = plusOneNational(candidate);
  if (national !== null) return nanpValid(national);
  return parsePhoneNumberFromString(candidate, region)?.isValid() ?? false;
}

export const phoneDetector: TDetector = {
  name: 'phone',
  entityTypes: ['PHONE_NUMBER'],
  detect: (text, options) =>
    collect(text, PHONE, 'PHONE_NUMBER', 'phone', (m) => {
      const raw = m[0];
      const digits = digitsOf(raw.replace(/x\d+$/, ''));
      if (digits.length < 7 || digits.length > 15 || NOT_PHONE.some((re) => re.test(raw))) return null;
      if (BEFORE_STREET.test(text.slice(m.index + raw.length, m.index + raw.length + 60))) return null;
      const region = options.region as CountryCode;
      const number = raw.replace(/\(0\)/, '').replace(/x\d+$/, '');
      const international = /^(?:\+|00)/.test(raw);
      // Valid where the text is expected to come from (or in the country its prefix names): reportable
      // on its own. A number valid only elsewhere, or only phone-shaped, needs a context word.
      const home = validIn(number, region);
      const elsewhere = !home && !international && OTHER_REGIONS.some((r) => r !== region && validIn(number, r));
      const validation: TValidation = home || elsewhere ? 'valid' : 'unvalidated';
      return judgeWith(text, m.index, m.index + raw.length, RULE, {
        validation,
        base: 0.6,
        requiresContext: !home,
      });
    }),
};
