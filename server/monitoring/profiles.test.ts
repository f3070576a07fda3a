import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapColumns, profileRows, signatureFeatures } from './profiles';

test('feature names from the signature: [N] inputs by name, [N, k] inputs by column index', () => {
  const signature = {
    inputs: [
      { name: 'features', type: 'float32', shape: ['N', 3] },
      { name: 'age', type: 'int64', shape: ['N'] },
      { name: 'image', type: 'float32', shape: ['N', 3, 8, 8] },
    ],
    outputs: [],
    opset: 13,
    irVersion: 8,
    producer: null,
  };
  assert.deepEqual(signatureFeatures(signature), ['features[0]', 'features[1]', 'features[2]', 'age']);
  assert.deepEqual(signatureFeatures(null), []);
});

test('dataset columns map to features by name, else by position when the numeric columns are exactly as many', () => {
  assert.deepEqual([...mapColumns(['age', 'income', 'email'], ['age', 'income'], ['income', 'age'])!], [
    ['income', 'income'],
    ['age', 'age'],
  ]);
  assert.deepEqual([...mapColumns(['id', 'x', 'y', 'name'], ['x', 'y'], ['features[0]', 'features[1]'])!], [
    ['features[0]', 'x'],
    ['features[1]', 'y'],
  ]);
  assert.equal(mapColumns(['id', 'x', 'y'], ['id', 'x', 'y'], ['features[0]', 'features[1]']), null, 'three numeric columns for two features: ambiguous');
  assert.equal(mapColumns(['income'], ['income'], ['income', 'age']), null, 'a feature without its column');
  assert.equal(mapColumns(['a'], ['a'], []), null);
});

test('profiles every feature seen in the rows, numeric or categorical', () => {
  const profiles = profileRows([
    { x: 1, city: 'Oslo' },
    { x: 2, city: 'Rome' },
    { x: 3 },
  ]);
  assert.deepEqual(
    profiles.map((p) => [p.name, p.kind, p.count]),
    [
      ['x', 'numeric', 3],
      ['city', 'categorical', 2],
    ],
  );
});
