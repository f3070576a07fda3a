// OCR end to end: text rendered on the fly into a PNG and into an image-only ("scanned") PDF page
// is found by the scan. Kept small: two short images and a pool of one worker.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCanvas } from '@napi-rs/canvas';
import PDFDocument from 'pdfkit';
import { createOcrPool } from './ocr-pool';
import { scanBytes } from './test-helpers';

const ocr = createOcrPool({ size: 1 });
after(() => ocr.close());

const EMAIL = 'jane.roe@example.com';
const SSN = '536-22-1987';

function renderPng(): Buffer {
  const canvas = createCanvas(1100, 260);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, 1100, 260);
  ctx.fillStyle = '#000000';
  ctx.font = '40px DejaVu Sans, Liberation Sans, sans-serif';
  ctx.fillText(`Contact: ${EMAIL}`, 40, 100);
  ctx.fillText(`Employee SSN: ${SSN}`, 40, 190);
  return canvas.toBuffer('image/png');
}

/** A PDF whose only page is that image: no text layer, as a scanner produces. */
function scannedPdf(png: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: [550, 130], margin: 0 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.image(png, 0, 0, { width: 550, height: 130 });
    doc.end();
  });
}

function assertFound(report: Awaited<ReturnType<typeof scanBytes>>, what: string) {
  const types = report.findings.map((f) => f.entityType);
  assert.ok(types.includes('EMAIL_ADDRESS'), `${what}: email not found in ${JSON.stringify(report.findings)}`);
  assert.ok(types.includes('US_SSN'), `${what}: SSN not found in ${JSON.stringify(report.findings)}`);
  assert.ok(report.findings.every((f) => f.location.kind === 'page' && f.location.page === 1));
  assert.equal(report.classification, 'restricted');
  for (const f of report.findings) for (const s of f.maskedSamples) assert.ok(s !== EMAIL && s !== SSN, 'samples are masked');
}

test('an email and an SSN drawn into a PNG are found through OCR', async () => {
  const report = await scanBytes('badge.png', renderPng(), { ocr });
  assert.equal(report.format, 'png');
  assertFound(report, 'PNG');
});

test('the same text on an image-only PDF page is found through OCR', async () => {
  const report = await scanBytes('scan.pdf', await scannedPdf(renderPng()), { ocr });
  assert.equal(report.format, 'pdf');
  assertFound(report, 'scanned PDF');
});
