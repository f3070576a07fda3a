import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { seededRandom } from '../fake-data';
import { nanpValid } from './nanp';
import { validIn } from './phone';

const random = seededRandom(7);
const digit = () => String(Math.floor(random() * 10));
/** Random ten-digit national numbers: every area code and exchange, special ranges included. */
const nationals = Array.from({ length: 20_000 }, () => Array.from({ length: 10 }, digit).join(''));

test('the compiled NANP check agrees with libphonenumber-js on +1 numbers', () => {
  let valid = 0;
  for (const national of nationals) {
    const expected = parsePhoneNumberFromString(`+1 ${national}`)?.isValid() ?? false;
    assert.equal(nanpValid(national), expected, national);
    if (expected) valid++;
  }
  assert.ok(valid > 1000, `${valid} valid numbers among the random ones`);
});

test('the phone detector’s validity check agrees with libphonenumber-js for every spelling of a +1 number', () => {
  const spellings = (n: string) => [`+1 ${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`, `+1${n}`, `+1 (${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`, `+1.${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)}`, `+1 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`];
  for (const national of nationals.slice(0, 4000)) {
    for (const candidate of spellings(national)) {
      for (const region of ['US', 'GB'] as CountryCode[]) {
        assert.equal(validIn(candidate, region), parsePhoneNumberFromString(candidate, region)?.isValid() ?? false, `${candidate} in ${region}`);
      }
    }
  }
});

test('the last four digits of a ten-digit +1 number never change its validity (what nanpValid remembers by)', () => {
  const suffixes = ['0000', '0199', '5555', '9999'];
  for (const national of nationals.slice(0, 5000)) {
    const prefix = national.slice(0, 6);
    const expected = parsePhoneNumberFromString(`+1 ${national}`)?.isValid() ?? false;
    for (const suffix of suffixes) {
      assert.equal(parsePhoneNumberFromString(`+1 ${prefix}${suffix}`)?.isValid() ?? false, expected, `${prefix}${suffix}`);
      assert.equal(nanpValid(prefix + suffix), expected, `${prefix}${suffix} (remembered)`);
    }
  }
});
