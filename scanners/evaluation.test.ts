import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluate, type TLabelledSample } from './evaluation';
import { scanText } from './scan-text';

const fixtures = new URL('../../shared/fixtures/pii/', import.meta.url);
const read = <T>(path: string) => JSON.parse(readFileSync(new URL(path, fixtures), 'utf8')) as T;

test('presidio-research synth_dataset_v2.json reaches the targets', () => {
  const result = evaluate(read<TLabelledSample[]>('presidio-research/synth_dataset_v2.json'));
  const score = (label: string) => result.perLabel.find((s) => s.label === label)!;
  for (const label of ['EMAIL_ADDRESS', 'CREDIT_CARD', 'IBAN_CODE', 'US_SSN', 'IP_ADDRESS', 'PHONE_NUMBER']) {
    const s = score(label);
    assert.ok(s.precision >= 0.95 && s.recall >= 0.95, `${label}: P ${s.precision} R ${s.recall}`);
  }
  assert.ok(score('PERSON').f1 >= 0.8, `PERSON F1 ${score('PERSON').f1}`);
  assert.ok(result.micro.f1 >= 0.85, `micro F1 ${result.micro.f1}`);
});

type TCase = { id: string; input: string };

test('datafog negative cases produce no finding', () => {
  for (const c of read<TCase[]>('datafog-corpus/negative_cases.json')) {
    assert.deepEqual(scanText(c.input).map((m) => [m.entityType, m.value]), [], c.id);
  }
});

test('datafog edge cases, including the 110 KB string, scan in linear time', () => {
  const cases = read<TCase[]>('datafog-corpus/edge_cases.json');
  const long = cases.find((c) => c.input.length > 100_000)!;
  for (const c of cases) scanText(c.input);
  const t0 = performance.now();
  const matches = scanText(long.input);
  const full = performance.now() - t0;
  const t1 = performance.now();
  scanText(long.input.slice(0, long.input.length / 10));
  const tenth = performance.now() - t1;
  assert.deepEqual(matches.map((m) => m.entityType).sort(), ['EMAIL_ADDRESS', 'US_SSN']);
  // Ten times the text may cost about ten times as long (x3 slack), and stays well under a second.
  assert.ok(full < Math.max(tenth, 2) * 10 * 3 && full < 1000, `full ${full.toFixed(1)} ms, tenth ${tenth.toFixed(1)} ms`);
});
