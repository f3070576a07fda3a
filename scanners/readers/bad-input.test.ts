// Every kind of bad input is refused with its own code, or contained (read with a note), and memory stays bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { scanFile } from '../scan-file';
import { fileSource } from './source';
import { noOcr, readError, scanBytes } from './test-helpers';

function onDisk(name: string, bytes: Uint8Array) {
  const path = join(mkdtempSync(join(tmpdir(), 'mg-bad-')), name);
  writeFileSync(path, bytes);
  return fileSource(path, bytes.length);
}

test('a CSV with a quote that is never closed is refused as csv_unclosed_quote', async () => {
  await assert.rejects(scanBytes('broken.csv', 'name,email\nAnn,ann@example.com\n"Bo,bo@example.com\nCy,cy@example.com\n'), readError('csv_unclosed_quote'));
});

test('mixed encodings are contained: Windows-1252 lines are read as such, noted, and still scanned', async () => {
  const utf8 = Buffer.from('name,email\nZoë Müller,zoe@example.com\n');
  const latin1 = Buffer.from('Renée Dupré,renee.dupre@example.org\n', 'latin1');
  const report = await scanBytes('mixed.csv', Buffer.concat([utf8, latin1]));
  assert.equal(report.rowCount, 2);
  assert.match(report.warnings.join(' '), /Line 3 is not valid UTF-8.*Windows-1252/);
  const email = report.findings.find((f) => f.entityType === 'EMAIL_ADDRESS');
  assert.equal(email?.count, 2, 'the Latin-1 line was scanned too');
});

test('a 10 MB single line: refused in a CSV (record_too_large), scanned in chunks as text', async () => {
  const line = Buffer.alloc(10 * 1024 * 1024, 'a');
  await assert.rejects(scanBytes('one-line.csv', line), readError('record_too_large'));
  const withEmail = Buffer.concat([line, Buffer.from(' mail me at someone@example.com')]);
  const before = process.memoryUsage().rss;
  const report = await scanBytes('one-line.txt', withEmail);
  assert.ok(report.findings.some((f) => f.entityType === 'EMAIL_ADDRESS'));
  assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024, 'memory stays bounded');
});

test('binary garbage named .csv is refused as binary_content', async () => {
  const garbage = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 2654435761) % 251));
  await assert.rejects(scanBytes('data.csv', garbage), readError('binary_content'));
});

test('an empty file is refused as empty_file', async () => {
  await assert.rejects(scanBytes('empty.csv', ''), readError('empty_file'));
  await assert.rejects(scanBytes('blank.txt', '\n\n  \n'), readError('empty_file'));
});

test('a zip bomb is refused: by compression ratio, total size and entry count', async () => {
  const zeros = new Uint8Array(64 * 1024 * 1024);
  const bomb = zipSync({ 'zeros.csv': zeros }, { level: 9 });
  assert.ok(bomb.length < 200_000, 'the archive is small');
  await assert.rejects(scanFile(onDisk('bomb.zip', bomb), { ocr: noOcr }), readError('zip_ratio_exceeded'));
  const many = zipSync(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}.txt`, Buffer.from(`row ${i}`)])));
  await assert.rejects(scanFile(onDisk('many.zip', many), { ocr: noOcr, limits: { zipMaxEntries: 20 } }), readError('zip_too_many_entries'));
  const big = zipSync({ 'a.txt': Buffer.alloc(300_000, 'x'), 'b.txt': Buffer.alloc(300_000, 'y') }, { level: 0 });
  await assert.rejects(scanFile(onDisk('big.zip', big), { ocr: noOcr, limits: { zipMaxTotalBytes: 500_000 } }), readError('zip_too_large'));
});

test('a zip entry named with ../ is refused as zip_unsafe_path', async () => {
  const zip = zipSync({ 'ok.txt': Buffer.from('fine'), '../../etc/evil.csv': Buffer.from('a,b\n1,2\n') });
  await assert.rejects(scanFile(onDisk('evil.zip', zip), { ocr: noOcr }), readError('zip_unsafe_path'));
});

test('a PDF that does not parse is refused as pdf_unreadable', async () => {
  await assert.rejects(scanBytes('report.pdf', '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> garbage without xref'), readError('pdf_unreadable'));
});

test('an image of 20,000 × 20,000 pixels is refused from its header, before any decoding or OCR', async () => {
  // A valid PNG signature and IHDR chunk claiming 20000 × 20000; no pixel data follows.
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(20_000, 0);
  ihdr.writeUInt32BE(20_000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(100))), chunk('IEND', Buffer.alloc(0))]);
  await assert.rejects(scanBytes('huge.png', png), readError('image_too_large'));
});

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}
