// One measured run in a fresh process, so its peak memory is its own: `tsx bench/scan-child.ts <parse|scan> <file>`.
// Prints one JSON line: wall seconds, CPU seconds, peak RSS, rows.
import { readAny } from '@/scanners/readers/read-any';
import { DEFAULT_READ_LIMITS, sourceFromFile } from '@/scanners/readers/source';
import { scanFile } from '@/scanners/scan-file';

const [mode, path] = process.argv.slice(2);
const source = await sourceFromFile(path!);
const noOcr = { recognize: () => Promise.reject(new Error('no OCR in this bench')) };
const before = process.resourceUsage();
const started = performance.now();
let rows = 0;
if (mode === 'parse') {
  const ctx = { limits: DEFAULT_READ_LIMITS, ocr: noOcr, onBytes: () => {}, warn: () => {} };
  for await (const event of readAny(source, ctx)) if (event.kind === 'row') rows++;
} else {
  rows = (await scanFile(source, { ocr: noOcr, mode: 'full' })).rowCount ?? 0;
}
const usage = process.resourceUsage();
// CPU time of the run alone, not of starting node and compiling TypeScript; peak RSS is the whole process's.
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime - before.userCPUTime - before.systemCPUTime) / 1e6;
console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, cpuSeconds, maxRssMb: usage.maxRSS / 1024, rows }));
