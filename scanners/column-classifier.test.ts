import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { classifyColumn } from './column-classifier';
import { createTableScanner } from './table-scanner';

const fixtures = new URL('../../shared/fixtures/pii/', import.meta.url);
const [header, ...rows] = readFileSync(new URL('piicatcher/sample-data.csv', fixtures), 'utf8')
  .trim()
  .split(/\r?\n/)
  .map((line) => line.split(','));

const EXPECTED: Record<string, string | null> = {
  id: 'US_SSN', // SSN-formatted values under a neutral name
  gender: null,
  birthdate: 'DATE_OF_BIRTH',
  maiden_name: 'PERSON',
  lname: 'PERSON',
  fname: 'PERSON',
  address: 'STREET_ADDRESS',
  city: 'LOCATION',
  state: null,
  zip: 'ZIP_CODE',
  phone: 'PHONE_NUMBER',
  email: 'EMAIL_ADDRESS',
  cc_type: null,
  cc_number: 'CREDIT_CARD',
};

for (const mode of ['full', 'sampled'] as const) {
  test(`piicatcher sample-data.csv, ${mode} mode: every PII column typed, gender/state/cc_type untyped`, () => {
    const scanner = createTableScanner({ columns: header!, mode, sampleSize: 12, random: () => 0.5 });
    for (const row of rows) scanner.addRow(row);
    const findings = scanner.finish();
    const byColumn = new Map(findings.map((f) => [f.location.kind === 'column' ? f.location.column : '', f]));
    for (const [column, type] of Object.entries(EXPECTED)) {
      assert.equal(byColumn.get(column)?.entityType ?? null, type, `${column}: ${byColumn.get(column)?.explanation}`);
    }
    for (const f of findings) {
      assert.ok(f.explanation.length > 40 && f.explanation.endsWith('.'));
      for (const sample of f.maskedSamples) assert.ok(!rows.some((r) => r.includes(sample)), `unmasked sample ${sample}`);
    }
  });
}

test('column names count in both directions: email_verified with 0/1 flags is not an email column', () => {
  const flags = classifyColumn({ name: 'email_verified', values: ['0', '1', '1', '0'], nullCount: 0, totalCount: 4 });
  assert.equal(flags.entityType, null);
  assert.match(flags.explanation, /flags/);
  const emails = classifyColumn({ name: 'contact', values: ['a@x.com', 'b@y.org', 'c@z.net'], nullCount: 0, totalCount: 3 });
  assert.equal(emails.entityType, 'EMAIL_ADDRESS');
  const misnamed = classifyColumn({ name: 'email', values: ['n/a', 'unknown', 'none'], nullCount: 0, totalCount: 3 });
  assert.equal(misnamed.entityType, null);
});

test('checksum pass rate lowers confidence; JSON paths use their last key', () => {
  const good = classifyColumn({ name: '$.payment.card', values: ['4539148803436467', '5500000000000004'], nullCount: 0, totalCount: 2 });
  const bad = classifyColumn({ name: '$.payment.card', values: ['4539148803436468', '5500000000000005'], nullCount: 0, totalCount: 2 });
  assert.equal(good.entityType, 'CREDIT_CARD');
  assert.equal(bad.entityType, 'CREDIT_CARD');
  assert.ok(bad.confidence < good.confidence);
  assert.match(bad.explanation, /0% pass the Luhn check/);
});

test('sampled mode keeps memory bounded: the reservoir never exceeds sampleSize', () => {
  const scanner = createTableScanner({ columns: ['email'], mode: 'sampled', sampleSize: 50 });
  for (let i = 0; i < 20000; i++) scanner.addRow([`user${i}@example.com`]);
  const [finding] = scanner.finish();
  assert.equal(finding?.entityType, 'EMAIL_ADDRESS');
  assert.equal(finding?.count, 50);
  assert.match(finding!.explanation, /sample of up to 50 of 20000 rows/);
});
