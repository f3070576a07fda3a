import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from './canonical-json';

test('sorts keys by UTF-16 code units, recursively (RFC 8785 §3.2.3 example)', () => {
  const input = {
    '\u20ac': 'Euro Sign',
    '\r': 'Carriage Return',
    '\ufb33': 'Hebrew Letter Dalet With Dagesh',
    '1': 'One',
    '\ud83d\ude00': 'Emoji: Grinning Face',
    '\u0080': 'Control',
    '\u00f6': 'Latin Small Letter O With Diaeresis',
  };
  // The emoji (surrogates D83D DE00) sorts before U+FB33, unlike in code-point order.
  const keys = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];
  assert.equal(canonicalJson(input), `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(input[k as keyof typeof input])}`).join(',')}}`);
  assert.equal(canonicalJson({ b: { z: 1, a: [{ d: 1, c: 2 }] }, a: null }), '{"a":null,"b":{"a":[{"c":2,"d":1}],"z":1}}');
});

test('matches the RFC 8785 §3.2.2 sample byte for byte', () => {
  const text = String.raw`{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/","literals":[null,true,false]}`;
  const expected = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;
  assert.equal(canonicalJson(JSON.parse(text)), expected);
});

test('serialises numbers as ECMAScript does', () => {
  const cases: Array<[number, string]> = [
    [0, '0'],
    [-0, '0'],
    [1e21, '1e+21'],
    [1e20, '100000000000000000000'],
    [0.1 + 0.2, '0.30000000000000004'],
    [5e-324, '5e-324'],
    [-1.7976931348623157e308, '-1.7976931348623157e+308'],
    [2 ** 53 + 1, '9007199254740992'],
    [1e-7, '1e-7'],
    [0.000001, '0.000001'],
  ];
  for (const [value, text] of cases) assert.equal(canonicalJson(value), text, String(value));
});

test('refuses what JSON cannot represent, wherever it sits', () => {
  for (const bad of [NaN, Infinity, -Infinity, { a: [1, NaN] }, { a: { b: Infinity } }, 1n, () => 1, Symbol('s')]) {
    assert.throws(() => canonicalJson(bad), TypeError);
  }
});

test('drops undefined members, refuses lone surrogates and keeps non-ASCII as UTF-8 text', () => {
  assert.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
  for (const bad of ['\ud800', 'a\udc00', { '\ud83d': 1 }, ['\ude00\ud83d']]) assert.throws(() => canonicalJson(bad), /lone surrogates/);
  assert.equal(canonicalJson('é\u2028😀'), '"é\u2028😀"');
});
