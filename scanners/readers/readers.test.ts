import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { createFakePeople } from '../fake-data';
import { CsvParser, sniffDelimiter } from './csv-parser';
import { fileSource } from './source';
import { scanBytes } from './test-helpers';
import { scanFile } from '../scan-file';
import { noOcr } from './test-helpers';

const fake = createFakePeople(3);
const people = Array.from({ length: 60 }, () => ({ name: fake.fullName(), email: fake.email(), card: fake.card(), plan: fake.product() }));

test('the CSV parser handles quotes, doubled quotes, embedded newlines and CRLF, across chunk boundaries', () => {
  const text = 'a,b,c\r\n1,"x, ""quoted""",3\r\n"multi\nline",,"end"\r\n';
  for (let cut = 1; cut < text.length; cut++) {
    const parser = new CsvParser(',', 1000);
    const rows = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut)), ...parser.end()];
    assert.deepEqual(rows, [['a', 'b', 'c'], ['1', 'x, "quoted"', '3'], ['multi\nline', '', 'end']], `cut at ${cut}`);
  }
});

test('the delimiter is sniffed: comma, tab, semicolon and pipe', () => {
  for (const d of [',', '\t', ';', '|']) {
    const sample = ['name', 'email', 'note'].join(d) + '\n' + [`Ann${d}ann@example.com${d}"a, b; c | d"`, `Bo${d}bo@example.com${d}x`].join('\n') + '\n';
    assert.equal(sniffDelimiter(sample), d, JSON.stringify(d));
  }
});

test('a TSV in UTF-16 LE with a BOM is read, and its columns get types and PII types', async () => {
  const tsv = ['name\temail\tcard\tplan', ...people.map((p) => `${p.name}\t${p.email}\t${p.card}\t${p.plan}`)].join('\r\n');
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]);
  const report = await scanBytes('people.tsv', bytes);
  assert.equal(report.format, 'csv');
  assert.equal(report.rowCount, people.length);
  assert.deepEqual(report.columns?.map((c) => c.name), ['name', 'email', 'card', 'plan']);
  const types = Object.fromEntries(report.findings.map((f) => [f.location.kind === 'column' ? f.location.column : '', f.entityType]));
  assert.equal(types.email, 'EMAIL_ADDRESS');
  assert.equal(types.card, 'CREDIT_CARD');
  assert.equal(types.plan, undefined);
  assert.equal(report.classification, 'restricted');
});

test('a UTF-8 CSV with a BOM and a semicolon delimiter', async () => {
  const csv = '\ufeffemail;amount\n' + people.map((p) => `${p.email};12,50`).join('\n');
  const report = await scanBytes('x.csv', csv);
  assert.deepEqual(report.columns, [{ name: 'email', type: 'string' }, { name: 'amount', type: 'string' }]);
  assert.equal(report.findings[0]?.entityType, 'EMAIL_ADDRESS');
});

test('JSON Lines: nested paths become columns, even ones that first appear late', async () => {
  const lines = people.map((p, i) => JSON.stringify({ id: i, user: { contact: { email: p.email } }, tags: ['a', 'b'], ...(i > 40 ? { card: p.card } : {}) }));
  const report = await scanBytes('events.jsonl', lines.join('\n'));
  assert.equal(report.format, 'jsonl');
  assert.deepEqual(report.columns?.map((c) => c.name), ['id', 'user.contact.email', 'tags[]', 'card']);
  const found = report.findings.map((f) => `${f.location.kind === 'column' && f.location.column}:${f.entityType}`);
  assert.ok(found.includes('user.contact.email:EMAIL_ADDRESS'), found.join());
  assert.ok(found.includes('card:CREDIT_CARD'), found.join());
});

test('Parquet is read row group by row group', async () => {
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'name', data: people.map((p) => p.name), type: 'STRING' },
      { name: 'email', data: people.map((p) => p.email), type: 'STRING' },
      { name: 'visits', data: people.map((_, i) => i), type: 'INT32' },
    ],
    rowGroupSize: 16,
  });
  const dir = mkdtempSync(join(tmpdir(), 'mg-parquet-'));
  writeFileSync(join(dir, 'p.parquet'), Buffer.from(buffer));
  const report = await scanFile(fileSource(join(dir, 'p.parquet'), buffer.byteLength), { ocr: noOcr });
  assert.equal(report.format, 'parquet');
  assert.equal(report.rowCount, people.length);
  assert.deepEqual(report.columns, [{ name: 'name', type: 'string' }, { name: 'email', type: 'string' }, { name: 'visits', type: 'integer' }]);
  assert.ok(report.findings.some((f) => f.entityType === 'EMAIL_ADDRESS'));
});

test('plain text is scanned in chunks and its findings merged per entity type', async () => {
  const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n'.repeat(3000);
  const text = `Write to ${people[0]!.email} please.\n${filler}Or to ${people[1]!.email}.\n${filler}Card on file: ${people[2]!.card}\n`;
  const report = await scanBytes('notes.txt', text);
  assert.equal(report.format, 'text');
  const email = report.findings.find((f) => f.entityType === 'EMAIL_ADDRESS');
  assert.equal(email?.count, 2);
  assert.equal(email?.maskedSamples.length, 2);
  assert.ok(report.findings.some((f) => f.entityType === 'CREDIT_CARD'));
});

test('a zip is scanned member by member, findings naming their member', async () => {
  const csv = 'email\n' + people.map((p) => p.email).join('\n');
  const zip = zipSync({ 'export/customers.csv': Buffer.from(csv), 'notes.txt': Buffer.from(`Call ${people[0]!.name} at card ${people[0]!.card}`) });
  const dir = mkdtempSync(join(tmpdir(), 'mg-zip-'));
  writeFileSync(join(dir, 'a.zip'), zip);
  const report = await scanFile(fileSource(join(dir, 'a.zip'), zip.length), { ocr: noOcr });
  assert.equal(report.format, 'zip');
  assert.deepEqual(report.columns?.map((c) => c.name), ['export/customers.csv:email']);
  assert.ok(report.findings.some((f) => f.location.member === 'export/customers.csv' && f.entityType === 'EMAIL_ADDRESS'));
  assert.ok(report.findings.some((f) => f.location.member === 'notes.txt' && f.entityType === 'CREDIT_CARD'));
});

test('progress reaches the file size', async () => {
  const csv = 'email\n' + people.map((p) => p.email).join('\n');
  let last = 0;
  await scanBytes('p.csv', csv, { onProgress: (n) => (last = n) });
  assert.equal(last, Buffer.byteLength(csv));
});
