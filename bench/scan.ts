// PII scanning speed: full scans of generated 20-column CSVs (1 GiB and 256 MiB, to show memory is
// flat with size) against a plain streaming parse of the same file; the scanner side by side with
// the openredaction package on presidio-research's texts; OCR pages per minute with the pool.
// Sizes: BENCH_SCAN_MB (default "1024,256"; 0 skips the CSV runs).
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import { OpenRedaction } from 'openredaction';
import { evaluate, LABEL_OF, type TLabelledSample } from '@/scanners/evaluation';
import { createFakePeople, csvValue } from '@/scanners/fake-data';
import { createOcrPool } from '@/scanners/readers/ocr-pool';
import { scanText } from '@/scanners/scan-text';
import type { TMatch } from '@/scanners/types';
import type { TBenchRow } from './config';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const out = join(root, 'bench/out');
const MB = 1024 * 1024;

const COLUMNS = ['customer_id', 'first_name', 'last_name', 'email', 'phone', 'card_number', 'ssn', 'iban', 'ip_address', 'street', 'signup_date', 'birth_date', 'amount', 'visits', 'product', 'status', 'country', 'is_active', 'sku', 'score'];

/** 20 columns: 10 with PII (names, email, phone, card, SSN, IBAN, IP, street, date of birth), 10 without. */
export async function generateCsv(path: string, bytes: number): Promise<void> {
  if (existsSync(path) && statSync(path).size >= bytes) return;
  const f = createFakePeople(42);
  const stream = createWriteStream(path);
  let written = 0;
  const write = (s: string) => (written += s.length, stream.write(s) ? null : new Promise<void>((r) => stream.once('drain', () => r())));
  await write(COLUMNS.join(',') + '\n');
  for (let i = 1; written < bytes; i++) {
    const row = [String(i), f.firstName(), f.lastName(), f.email(), f.phone(), f.card(), f.ssn(), f.iban(), f.ip(), f.street(), f.date(), f.birthDate(), f.amount(), String(f.integer(0, 300)), f.product(), f.status(), f.country(), f.flag(), f.sku(), f.score()];
    await write(row.map(csvValue).join(',') + '\n');
  }
  await new Promise((r) => stream.end(r));
}

interface TRun {
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  rows: number;
}

/** The young-generation size the scanning processes run with (package.json start and worker, scripts/start-demo.mjs). */
const SCAN_NODE_FLAGS = ['--max-semi-space-size=32'];

function measure(mode: 'parse' | 'scan', path: string): TRun {
  const output = execFileSync(process.execPath, [...SCAN_NODE_FLAGS, '--import', 'tsx', join(root, 'bench/scan-child.ts'), mode, path], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(output.trim().split('\n').pop()!) as TRun;
}

const OPENREDACTION_TYPES: Array<[RegExp, string]> = [
  [/EMAIL/, 'EMAIL_ADDRESS'],
  [/PHONE/, 'PHONE_NUMBER'],
  [/CREDIT_CARD|CARD_NUMBER/, 'CREDIT_CARD'],
  [/SSN|SOCIAL_SECURITY/, 'US_SSN'],
  [/IBAN/, 'IBAN_CODE'],
  [/^IP|IP_ADDRESS/, 'IP_ADDRESS'],
  [/DRIVER/, 'US_DRIVER_LICENSE'],
  [/NAME/, 'PERSON'],
  [/ADDRESS|STREET/, 'STREET_ADDRESS'],
];

async function compareWithOpenRedaction(): Promise<TBenchRow[]> {
  const samples = JSON.parse(readFileSync(resolve(root, '../shared/fixtures/pii/presidio-research/synth_dataset_v2.json'), 'utf8')) as TLabelledSample[];
  const texts = samples.map((s) => s.full_text);
  const redactor = new OpenRedaction({ redactionMode: 'placeholder' } as never);
  // Both warm up first (compromise loads its lexicon on first use; JIT), so neither pays start-up in the timing.
  for (const text of texts.slice(0, 50)) {
    scanText(text);
    await redactor.detect(text);
  }
  let t = performance.now();
  const ours = new Map(texts.map((text) => [text, scanText(text)]));
  const oursSeconds = (performance.now() - t) / 1000;
  const theirs = new Map<string, TMatch[]>();
  t = performance.now();
  for (const text of texts) {
    const result = (await redactor.detect(text)) as { detections?: { type: string; value: string; position: [number, number]; confidence?: number }[] };
    theirs.set(
      text,
      (result.detections ?? []).flatMap((d) => {
        const entityType = OPENREDACTION_TYPES.find(([re]) => re.test(d.type))?.[1] ?? d.type;
        return [{ entityType, start: d.position[0], end: d.position[1], confidence: d.confidence ?? 1, detector: 'openredaction', validation: 'unvalidated' as const, value: d.value }];
      }),
    );
  }
  const theirSeconds = (performance.now() - t) / 1000;
  const a = evaluate(samples, (text) => ours.get(text)!).micro;
  const b = evaluate(samples, (text) => theirs.get(text)!).micro;
  const mapped = Object.keys(LABEL_OF).length;
  return [
    { metric: 'presidio-research micro F1, Modelgate', value: a.f1, unit: 'F1', note: `P ${a.precision.toFixed(3)} R ${a.recall.toFixed(3)}; baseline openredaction ${b.f1.toFixed(3)}, ratio ${(a.f1 / b.f1).toFixed(2)}× (any-overlap matching, ${mapped} mapped types)` },
    { metric: 'presidio-research micro F1, openredaction', value: b.f1, unit: 'F1', note: `P ${b.precision.toFixed(3)} R ${b.recall.toFixed(3)}` },
    { metric: 'presidio-research texts/s, Modelgate', value: texts.length / oursSeconds, unit: 'texts/s', note: `baseline openredaction ${(texts.length / theirSeconds).toFixed(0)} texts/s, ratio ${(theirSeconds / oursSeconds).toFixed(2)}×` },
    { metric: 'presidio-research texts/s, openredaction', value: texts.length / theirSeconds, unit: 'texts/s' },
  ];
}

async function ocrPagesPerMinute(): Promise<TBenchRow> {
  const pages = 8;
  const images = Array.from({ length: pages }, (_, i) => {
    const canvas = createCanvas(1240, 1754); // A4 at 150 dpi
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 1240, 1754);
    ctx.fillStyle = '#000';
    ctx.font = '28px DejaVu Sans, sans-serif';
    for (let line = 0; line < 40; line++) ctx.fillText(`Line ${line} of page ${i}: customer jane.roe${line}@example.com paid invoice ${1000 + line}.`, 60, 80 + line * 40);
    return canvas.toBuffer('image/png');
  });
  const pool = createOcrPool();
  await pool.recognize(images[0]!); // start the workers outside the measurement
  const t = performance.now();
  await Promise.all(images.map((image) => pool.recognize(image)));
  const minutes = (performance.now() - t) / 60_000;
  await pool.close();
  return { metric: 'OCR, A4 pages of text at 150 dpi', value: pages / minutes, unit: 'pages/min', note: `pool of ${pool.size} workers (${availableParallelism()} cores)` };
}

export async function run(): Promise<TBenchRow[]> {
  mkdirSync(out, { recursive: true });
  // BENCH_SCAN_MB=0 skips the CSV runs (the text comparison and OCR still run).
  const sizes = (process.env.BENCH_SCAN_MB ?? '1024,256').split(',').map(Number).filter((n) => n > 0);
  const rows: TBenchRow[] = [];
  const peaks: number[] = [];
  for (const size of sizes) {
    const path = join(out, `customers-${size}mb.csv`);
    await generateCsv(path, size * MB);
    const mb = statSync(path).size / MB;
    const parse = measure('parse', path);
    const scan = measure('scan', path);
    peaks.push(scan.maxRssMb);
    const tag = `${size} MiB CSV`;
    rows.push(
      { metric: `full scan ${tag}`, value: mb / scan.cpuSeconds, unit: 'MB/s/core', note: `target ≥ 20; ${scan.rows.toLocaleString('en-US')} rows in ${scan.seconds.toFixed(0)} s wall, ${scan.cpuSeconds.toFixed(0)} s CPU (one thread)` },
      { metric: `plain CSV parse ${tag}`, value: mb / parse.cpuSeconds, unit: 'MB/s/core', note: `baseline; scan costs ${(scan.cpuSeconds / parse.cpuSeconds).toFixed(1)}× the parse` },
      { metric: `full scan ${tag} peak RSS`, value: scan.maxRssMb, unit: 'MB', note: `target < 300; parse alone ${parse.maxRssMb.toFixed(0)} MB` },
    );
  }
  if (peaks.length > 1) rows.push({ metric: 'peak RSS ratio, largest / smallest file', value: Math.max(...peaks) / Math.min(...peaks), unit: '×', note: `file sizes ${sizes.join(' / ')} MiB: flat means ≈ 1` });
  rows.push(...(await compareWithOpenRedaction()));
  rows.push(await ocrPagesPerMinute());
  return rows;
}
