import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyDataset } from './dataset-classification';
import { summariseTextMatches } from './text-findings';
import { scanText } from './scan-text';
import type { TFinding } from './types';

const page = (text: string, n = 1) => summariseTextMatches({ kind: 'page', page: n }, scanText(text));

test('text findings: one per entity type, counted, explained, masked samples only', () => {
  const text = 'Cards 4111 1111 1111 1111 and 4539 1488 0343 6467; mail jane@example.com';
  const findings = page(text, 3);
  const cards = findings.find((f) => f.entityType === 'CREDIT_CARD')!;
  assert.equal(cards.count, 2);
  assert.match(cards.explanation, /2 credit card numbers found on page 3 \(1 pass the Luhn check, 1 are known test values\)/);
  assert.deepEqual(cards.maskedSamples, ['**** **** **** 1111', '**** **** **** 6467']);
  for (const f of findings) for (const s of f.maskedSamples) assert.ok(!text.includes(s));
});

test('dataset classification: restricted > confidential > internal, with reasons', () => {
  const restricted = classifyDataset([...page('Employee SSN is 514-14-8905'), ...page('Please contact Emily Johnson')]);
  assert.equal(restricted.classification, 'restricted');
  assert.match(restricted.reasons[0]!, /^restricted: 1 US Social Security numbers/);
  assert.equal(classifyDataset(page('NHS number 943 476 5919')).classification, 'restricted');
  assert.equal(classifyDataset(page('IBAN GB59IFUE40226315499137')).classification, 'restricted');
  assert.equal(classifyDataset(page('Please contact Emily Johnson at jane@example.com')).classification, 'confidential');
  assert.equal(classifyDataset(page('Ship to 1600 Amphitheatre Parkway')).classification, 'confidential');
  const none = classifyDataset(page('Quarterly revenue grew by 4 percent.'));
  assert.equal(none.classification, 'internal');
  assert.equal(none.reasons.length, 1);
});

test('low-confidence findings alone do not raise the classification', () => {
  const weak: TFinding = { location: { kind: 'text' }, entityType: 'US_SSN', count: 1, confidence: 0.25, detector: 'us-id', explanation: '', maskedSamples: [] };
  assert.equal(classifyDataset([weak]).classification, 'internal');
});
