import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  binOf,
  categoricalFractions,
  compareToProfile,
  ksStatistic,
  numericFractions,
  OTHER_CATEGORY,
  populationStabilityIndex,
  profileCategorical,
  profileFeature,
  profileNumeric,
  quantileEdges,
  thinSorted,
} from './drift';

const close = (actual: number, expected: number, digits = 6) =>
  assert.ok(Math.abs(actual - expected) < 10 ** -digits, `expected ${expected}, got ${actual}`);

test('quantile edges of 1..10 in quarters, by hand: 3.25, 5.5, 7.75', () => {
  const values = [7, 3, 10, 1, 5, 9, 2, 8, 4, 6];
  assert.deepEqual(quantileEdges(values, 4), [3.25, 5.5, 7.75]);
  // 1,2,3 | 4,5 | 6,7 | 8,9,10
  assert.deepEqual(numericFractions([3.25, 5.5, 7.75], values), [0.3, 0.2, 0.2, 0.3]);
});

test('bins are (edge_{i-1}, edge_i], the last open above', () => {
  const edges = [3.25, 5.5, 7.75];
  assert.equal(binOf(edges, -5), 0);
  assert.equal(binOf(edges, 3.25), 0);
  assert.equal(binOf(edges, 3.26), 1);
  assert.equal(binOf(edges, 7.75), 2);
  assert.equal(binOf(edges, 100), 3);
});

test('ties collapse repeated quantile edges into one bin', () => {
  // Deciles of eight 0s and two 1s: 0 (×7, collapsed to one), then 0.2 at 0.8 and 1 at 0.9.
  const edges = quantileEdges([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  assert.deepEqual(edges, [0, 0.20000000000000018, 1]);
  assert.deepEqual(numericFractions(edges, [0, 0, 0, 0, 0, 0, 0, 0, 1, 1]), [0.8, 0, 0.2, 0]);
});

test('PSI by hand: halves shifting to a quarter and three quarters give 0.274653', () => {
  // (0.25 − 0.5)·ln(0.25/0.5) + (0.75 − 0.5)·ln(0.75/0.5) = 0.173287 + 0.101366
  close(populationStabilityIndex([0.5, 0.5], [0.25, 0.75]), 0.274653);
  assert.equal(populationStabilityIndex([0.3, 0.2, 0.2, 0.3], [0.3, 0.2, 0.2, 0.3]), 0);
});

test('PSI smooths an empty bin with epsilon 1e-4 instead of going infinite', () => {
  // (1e-4 − 0.5)·ln(1e-4/0.5) + (1 − 0.5)·ln(1/0.5) = 4.257745 + 0.346574
  close(populationStabilityIndex([0.5, 0.5], [0, 1]), 4.604319, 5);
  assert.throws(() => populationStabilityIndex([0.5, 0.5], [1]), RangeError);
});

test('KS statistic by hand: the largest gap between empirical CDFs', () => {
  assert.equal(ksStatistic([1, 2, 3, 4], [3, 4, 5, 6]), 0.5);
  assert.equal(ksStatistic([1, 2, 3], [4, 5, 6]), 1);
  assert.equal(ksStatistic([1, 2, 3], [1, 2, 3]), 0);
  // Ties step both CDFs together: at 1 the gap is 2/3 − 1/3; at 2 both reach 1.
  close(ksStatistic([1, 1, 2], [1, 2, 2]), 1 / 3, 12);
  assert.equal(ksStatistic([], [1]), 0);
});

test('categorical profile: ranked categories plus an "other" bin that catches unseen values', () => {
  const profile = profileCategorical('segment', ['a', 'a', 'b', 'c']);
  assert.deepEqual(profile.categories, ['a', 'b', 'c', OTHER_CATEGORY]);
  assert.deepEqual(profile.fractions, [0.5, 0.25, 0.25, 0]);
  const window = ['a', 'd', 'd', 'b'];
  assert.deepEqual(categoricalFractions(profile.categories, window), [0.25, 0.25, 0, 0.5]);
  const drift = compareToProfile(profile, window);
  // 0.173287 (a) + 0 (b) + (1e-4 − 0.25)·ln(1e-4/0.25) (c) + (0.5 − 1e-4)·ln(0.5/1e-4) (other)
  close(drift.psi, 0.173287 + 1.955229 + 4.257745, 5);
  assert.equal(drift.ks, null);
  assert.equal(drift.windowCount, 4);
});

test('a numeric window like its reference has no drift; a shifted one has PSI and KS above 0.2', () => {
  const reference = Array.from({ length: 1000 }, (_, i) => i / 10);
  const profile = profileNumeric('income', reference);
  assert.equal(profile.edges.length, 9);
  for (const f of profile.fractions) close(f, 0.1, 9);
  const same = compareToProfile(profile, reference);
  assert.equal(same.psi, 0);
  assert.equal(same.ks, 0);
  assert.equal(same.referenceCount, 1000);
  // Shifted by half the range: half the window sits above the reference's last edge.
  const shifted = compareToProfile(profile, reference.map((v) => v + 50));
  assert.ok(shifted.psi >= 0.2, `psi ${shifted.psi}`);
  close(shifted.ks!, 0.5, 2);
  assert.equal(shifted.windowCount, 1000);
});

test('the KS sample of a large reference is thinned to evenly spaced order statistics', () => {
  const sorted = Array.from({ length: 10_001 }, (_, i) => i);
  const sample = thinSorted(sorted, 11);
  assert.deepEqual(sample, [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000]);
  assert.equal(profileNumeric('x', sorted).sample.length, 1000);
});

test('profileFeature picks numeric for finite numbers and categorical otherwise', () => {
  assert.equal(profileFeature('x', [1, 2, 3]).kind, 'numeric');
  assert.equal(profileFeature('x', [1, 'b']).kind, 'categorical');
  assert.throws(() => profileNumeric('x', [Number.NaN]), RangeError);
});
