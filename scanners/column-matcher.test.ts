import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnMatcher, shapeOf } from './column-matcher';
import { createFakePeople, seededRandom } from './fake-data';
import { scanText } from './scan-text';

const fake = createFakePeople(11);
// Seeded, so every run sees the same values: which forms a shape meets during its warm-up decides
// what the matcher looks for afterwards (the trade-off column-matcher.ts describes).
const random = seededRandom(3);
const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
const ODD_DATES = ['2019-02-29', '2020-02-29', '1900-02-29', '2000-02-29', '2023-04-31', '1985-13-01', '1985-00-10', '2099-01-01', '0000-02-29'];
const COLUMNS: Record<string, () => string> = {
  // Upper-case and long top-level domains, and one without a dot, beside the usual ones.
  email: () => pick([fake.email(), fake.email(), fake.email().toUpperCase(), 'ops@example.travel.museum', 'root@localhost']),
  phone: fake.phone,
  'card number': () => pick([fake.card(), fake.card(), fake.card().slice(0, 15) + '0', '4111111111111111', '4242424242424242', '5555555555554444']),
  ssn: () => pick([fake.ssn(), fake.ssn(), `666-${fake.ssn().slice(4)}`, '078-05-1120', '912-34-5678', '123-00-4567']),
  // A published example IBAN has the shape and country of the others but is reported as a test value.
  iban: () => (random() < 0.1 ? 'DE89370400440532013000' : fake.iban()),
  'ip address': fake.ip,
  street: fake.street,
  // Impossible days, leap days and future dates share the shape of real birth dates.
  'birth date': () => (random() < 0.2 ? pick(ODD_DATES) : fake.birthDate()),
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
