import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from './scan-text';
import { ENTITY_TYPES } from './detectors/registry';
import { SCANNER_VERSION } from './version';

const found = (text: string) => scanText(text).map((m) => [m.entityType, m.value, m.validation] as const);
const one = (text: string, entityType: string) => {
  const m = scanText(text).find((x) => x.entityType === entityType);
  assert.ok(m, `expected ${entityType} in ${JSON.stringify(text)}, got ${JSON.stringify(found(text))}`);
  return m;
};

test('registry covers at least 30 entity types and exports a scanner version', () => {
  assert.ok(ENTITY_TYPES.length >= 30, `${ENTITY_TYPES.length} types`);
  assert.match(SCANNER_VERSION, /\S/);
});

const positives: ReadonlyArray<readonly [string, string, string]> = [
  ['EMAIL_ADDRESS', 'Contact jane.doe+tag@company.co.uk please.', 'jane.doe+tag@company.co.uk'],
  ['PHONE_NUMBER', 'Call me at (415) 555-0198 tomorrow.', '(415) 555-0198'],
  ['PHONE_NUMBER', 'London office +44 20 7946 0958', '+44 20 7946 0958'],
  ['CREDIT_CARD', 'Card 5500-0000-0000-0004 approved.', '5500-0000-0000-0004'],
  ['IBAN_CODE', 'IBAN DE44 5001 0517 5407 3249 31 ist gueltig.', 'DE44 5001 0517 5407 3249 31'],
  ['US_SSN', 'Employee SSN is 514-14-8905 on file.', '514-14-8905'],
  ['US_ITIN', 'Her ITIN is 912-70-1234.', '912-70-1234'],
  ['US_PASSPORT', 'passport number C03005988', 'C03005988'],
  ['US_DRIVER_LICENSE', "driver's license F162823540116", 'F162823540116'],
  ['ABA_ROUTING_NUMBER', 'routing number 021000021', '021000021'],
  ['UK_NINO', 'NI number AB 12 34 56 C', 'AB 12 34 56 C'],
  ['UK_NHS', 'NHS number 943 476 5919', '943 476 5919'],
  ['CA_SIN', 'SIN: 046 454 286', '046 454 286'],
  ['IN_AADHAAR', 'Aadhaar 2345 6789 0124', '2345 6789 0124'],
  ['IN_PAN', 'PAN ABCPE1234F', 'ABCPE1234F'],
  ['ES_NIF', 'DNI 12345678Z', '12345678Z'],
  ['ES_NIE', 'NIE X1234567L', 'X1234567L'],
  ['IT_FISCAL_CODE', 'codice fiscale RSSMRA85T10A562S', 'RSSMRA85T10A562S'],
  ['DE_TAX_ID', 'Steuer-IdNr 86095742719', '86095742719'],
  ['PL_PESEL', 'PESEL 44051401359', '44051401359'],
  ['NL_BSN', 'BSN 111222333', '111222333'],
  ['AU_TFN', 'TFN 123 456 782', '123 456 782'],
  ['SG_NRIC_FIN', 'NRIC S1234567D', 'S1234567D'],
  ['IP_ADDRESS', 'Server on 192.168.1.10 is online.', '192.168.1.10'],
  ['IP_ADDRESS', 'from 2001:db8::8a2e:370:7334 today', '2001:db8::8a2e:370:7334'],
  ['MAC_ADDRESS', 'device mac 00:1A:2B:3C:4D:5E', '00:1A:2B:3C:4D:5E'],
  ['CRYPTO', 'send to wallet 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'],
  ['CRYPTO', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'],
  ['DATE_OF_BIRTH', 'Patient DOB 03/15/1989 recorded.', '03/15/1989'],
  ['PERSON', 'Please contact Emily Johnson about the contract.', 'Emily Johnson'],
  ['LOCATION', 'Conference moved from Paris to Berlin.', 'Paris'],
  ['ORGANIZATION', 'I work for Allstate Insurance Group now.', 'Allstate Insurance Group'],
  ['STREET_ADDRESS', 'Ship to 1600 Amphitheatre Parkway, Mountain View.', '1600 Amphitheatre Parkway'],
];

for (const [entityType, text, value] of positives) {
  test(`${entityType} in ${JSON.stringify(text)}`, () => assert.equal(one(text, entityType).value, value));
}

test('a format match that fails its checksum is reported as such, with lower confidence', () => {
  const valid = one('card 4539 1488 0343 6467', 'CREDIT_CARD');
  const invalid = one('card 4539 1488 0343 6468', 'CREDIT_CARD');
  assert.equal(valid.validation, 'valid');
  assert.equal(invalid.validation, 'invalid-checksum');
  assert.ok(invalid.confidence < valid.confidence);
  assert.equal(one('IBAN GB82WEST12345698765433', 'IBAN_CODE').validation, 'invalid-checksum');
  assert.equal(one('SSN 666-12-9999', 'US_SSN').validation, 'invalid-checksum');
});

test('known test numbers are flagged as test values', () => {
  assert.equal(one('Card 4111 1111 1111 1111 approved.', 'CREDIT_CARD').validation, 'test-value');
  assert.equal(one('SSN 123-45-6789', 'US_SSN').validation, 'test-value');
});

test('context words: required ones and vetoes are whole words', () => {
  assert.deepEqual(found('Numbers 111222333444 are identifiers'), []);
  assert.equal(one('my NHS number is 9434765919', 'UK_NHS').validation, 'valid');
  assert.ok(!scanText('9434765919 is the batch').some((m) => m.entityType === 'UK_NHS'));
  assert.ok(!scanText('Order 4539148803436467 shipped').some((m) => m.entityType === 'CREDIT_CARD'));
  assert.ok(!scanText('Release version 10.1.2.3 notes').some((m) => m.entityType === 'IP_ADDRESS'));
  // "reorder" contains "order" but is not the veto word.
  assert.ok(scanText('reorder 4539148803436467 card').some((m) => m.entityType === 'CREDIT_CARD'));
});

test('overlapping detectors: the validated match wins', () => {
  // A card number is also phone-shaped digits; the Luhn-valid card wins.
  const matches = scanText('card number 630427373398 is lost');
  assert.deepEqual(matches.map((m) => m.entityType), ['CREDIT_CARD']);
  // Person inside an email address is not reported separately.
  assert.deepEqual(found('JonathanPLaursen@fleckens.hu'), [['EMAIL_ADDRESS', 'JonathanPLaursen@fleckens.hu', 'valid']]);
});

test('scan time grows linearly with input size', () => {
  const chunk = 'A'.repeat(4000) + ' john.long@example.com ' + '1'.repeat(3000) + ' 123-45-6789 ' + 'x.'.repeat(1500);
  const time = (text: string) => {
    const t0 = performance.now();
    scanText(text);
    return performance.now() - t0;
  };
  time(chunk); // warm up
  const small = time(chunk.repeat(2));
  const large = time(chunk.repeat(16));
  // 8x the input may take at most ~8x the time (x3 slack for timer noise), never quadratic (64x).
  assert.ok(large < Math.max(small, 5) * 8 * 3, `small ${small.toFixed(1)} ms, large ${large.toFixed(1)} ms`);
});
