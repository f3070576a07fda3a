import { test } from 'node:test';
import assert from 'node:assert/strict';
import { luhnValid } from './luhn';
import { iban97Valid } from './mod97';
import { verhoeffValid } from './verhoeff';
import { abaValid, bsnValid, deTaxIdValid, nhsValid, peselValid, tfnValid } from './weighted';
import { base58CheckValid } from './base58check';
import { bech32Valid } from './bech32';
import { esIdValid } from './mod23';
import { itFiscalCodeValid } from './it-fiscal-code';

const cases: ReadonlyArray<readonly [string, (s: string) => boolean, string, boolean]> = [
  ['luhn', luhnValid, '4111111111111111', true],
  ['luhn', luhnValid, '79927398713', true],
  ['luhn', luhnValid, '4111111111111112', false],
  ['luhn', luhnValid, '046454286', true], // CA SIN example
  ['mod97', iban97Valid, 'GB82WEST12345698765432', true],
  ['mod97', iban97Valid, 'DE89370400440532013000', true],
  ['mod97', iban97Valid, 'gb82west12345698765432', true],
  ['mod97', iban97Valid, 'GB82WEST12345698765433', false],
  ['verhoeff', verhoeffValid, '2363', true],
  ['verhoeff', verhoeffValid, '2364', false],
  ['mod11 nhs', nhsValid, '9434765919', true],
  ['mod11 nhs', nhsValid, '9434765918', false],
  ['pesel', peselValid, '44051401359', true],
  ['pesel', peselValid, '44051401358', false],
  ['bsn', bsnValid, '111222333', true],
  ['bsn', bsnValid, '111222334', false],
  ['aba', abaValid, '021000021', true],
  ['aba', abaValid, '021000022', false],
  ['tfn', tfnValid, '123456782', true],
  ['tfn', tfnValid, '123456789', false],
  ['de tax id', deTaxIdValid, '86095742719', true],
  ['de tax id', deTaxIdValid, '86095742718', false],
  ['base58check', base58CheckValid, '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', true],
  ['base58check', base58CheckValid, '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', true],
  ['base58check', base58CheckValid, '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3', false],
  ['bech32', bech32Valid, 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', true],
  ['bech32m', bech32Valid, 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', true],
  ['bech32', bech32Valid, 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', false],
  ['es nif', esIdValid, '12345678Z', true],
  ['es nif', esIdValid, '12345678A', false],
  ['es nie', esIdValid, 'X1234567L', true],
  ['it fiscal code', itFiscalCodeValid, 'RSSMRA85T10A562S', true],
  ['it fiscal code', itFiscalCodeValid, 'RSSMRA85T10A562T', false],
];

for (const [name, check, value, expected] of cases) {
  test(`${name}: ${value} is ${expected ? 'valid' : 'invalid'}`, () => assert.equal(check(value), expected));
}
