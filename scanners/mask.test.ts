import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskValue } from './mask';

const cases: ReadonlyArray<readonly [string, string, string]> = [
  ['EMAIL_ADDRESS', 'jane@example.com', 'j***@example.com'],
  ['CREDIT_CARD', '4111 1111 1111 1111', '**** **** **** 1111'],
  ['US_SSN', '123-45-6789', '***-**-6789'],
  ['IBAN_CODE', 'GB82WEST12345698765432', 'GB****************5432'],
  ['PHONE_NUMBER', '(415) 555-0198', '(***) ***-0198'],
  ['PERSON', 'Emily Johnson', 'E**** J******'],
  ['IP_ADDRESS', '192.168.1.10', '192.*.*.*'],
  ['DATE_OF_BIRTH', '03/15/1989', '**/**/****'],
];

for (const [type, value, expected] of cases) {
  test(`maskValue(${type}, ${value})`, () => assert.equal(maskValue(type, value), expected));
}

test('maskValue never returns the raw value, even for values with nothing to mask', () => {
  for (const [type, value] of [['US_SSN', '--'], ['PERSON', 'Al'], ['UNKNOWN', '12'], ['EMAIL_ADDRESS', 'a@b.co']]) {
    assert.notEqual(maskValue(type!, value!), value);
  }
});
