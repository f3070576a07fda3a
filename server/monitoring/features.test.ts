import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnsOf, featureRowsOf, MAX_FEATURES, type TFeatureRow } from './features';

test('a named 2-D tensor gives one row per batch item and a feature per column', () => {
  const rows = featureRowsOf({ features: [[1, 2, 3, 4], [5, 6, 7, 8]] });
  assert.deepEqual(rows, [
    { 'features[0]': 1, 'features[1]': 2, 'features[2]': 3, 'features[3]': 4 },
    { 'features[0]': 5, 'features[1]': 6, 'features[2]': 7, 'features[3]': 8 },
  ]);
});

test('records, 1-D tensors and wrappers', () => {
  assert.deepEqual(featureRowsOf({ inputs: [{ income: 52000, segment: 'retail', vip: true }] }), [{ income: 52000, segment: 'retail', vip: 'true' }]);
  assert.deepEqual(featureRowsOf({ age: [31, 45], city: ['Oslo', 'Rome'] }), [
    { age: 31, city: 'Oslo' },
    { age: 45, city: 'Rome' },
  ]);
  assert.deepEqual(featureRowsOf({ inputs: { x: [[1, 2]] } }), [{ 'x[0]': 1, 'x[1]': 2 }]);
  assert.deepEqual(featureRowsOf('nonsense'), []);
});

test('non-finite numbers are left out, wide rows are capped', () => {
  assert.deepEqual(featureRowsOf({ x: [[1, null]] }), [{ 'x[0]': 1 }]);
  const wide = featureRowsOf({ image: [Array.from({ length: 500 }, (_, i) => i)] });
  assert.equal(Object.keys(wide[0]!).length, MAX_FEATURES);
});

test('columns per feature, optionally limited to the profile’s features', () => {
  const rows: TFeatureRow[] = [{ a: 1, b: 'x' }, { a: 2 }];
  assert.deepEqual([...columnsOf(rows).entries()], [['a', [1, 2]], ['b', ['x']]]);
  assert.deepEqual([...columnsOf(rows, ['a', 'c']).entries()], [['a', [1, 2]], ['c', []]]);
});
