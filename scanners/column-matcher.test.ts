import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnMatcher, shapeOf } from './column-matcher';
import { createFakePeople } from './fake-data';
import { scanText } from './scan-text';

const fake = createFakePeople(11);
const COLUMNS: Record<string, () => string> = {
  email: fake.email,
  phone: fake.phone,
  'card number': () => (Math.random() < 0.1 ? fake.card().slice(0, 15) + '0' : fake.card()),
  ssn: () => (Math.random() < 0.1 ? `666-${fake.ssn().slice(4)}` : fake.ssn()),
  iban: fake.iban,
  'ip address': fake.ip,
  street: fake.street,
  'birth date': fake.birthDate,
  name: fake.fullName,
  amount: fake.amount,
  sku: fake.sku,
};

const verdicts = (matches: { entityType: string; start: number; end: number; validation: string; confidence: number }[]) =>
  matches.map((m) => `${m.entityType}@${m.start}-${m.end}:${m.validation}:${m.confidence.toFixed(3)}`).join(' ');

test('the shape of a value keeps digit counts and punctuation, and folds letter runs', () => {
  assert.equal(shapeOf('536-22-1987'), '999-99-9999');
  assert.equal(shapeOf('jane.doe12@example.com'), 'a.a99@a.a');
  assert.equal(shapeOf('42 Maple Street'), '99 A A');
  assert.equal(shapeOf('x'.repeat(65)), null);
});

for (const [column, generate] of Object.entries(COLUMNS)) {
  test(`column "${column}": the matcher finds what a plain scan of every value finds`, () => {
    const prefix = `${column}: `;
    const matcher = new ColumnMatcher(prefix);
    for (let i = 0; i < 3000; i++) {
      const value = generate();
      const plain = scanText(prefix + value).filter((m) => m.start >= prefix.length).map((m) => ({ ...m, start: m.start - prefix.length, end: m.end - prefix.length }));
      assert.equal(verdicts(matcher.matches(value)), verdicts(plain), `value ${i}: ${value}`);
    }
  });
}
