// Writes the demo ONNX models (built in server/onnx/demo-models.ts, nothing downloaded) into a folder.
// Usage: npm run demo:models -- <dir> [--versions 2]   → <dir>/<model>-v<version>.onnx
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_MODELS } from '@/server/onnx/demo-models';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { versions: { type: 'string', default: '2' } },
});
const dir = positionals[0];
const versions = Number(values.versions);
if (!dir || !Number.isInteger(versions) || versions < 1) {
  console.error('Usage: tsx scripts/write-demo-models.ts <dir> [--versions N]');
  process.exit(2);
}

await mkdir(dir, { recursive: true });
for (const [name, build] of Object.entries(DEMO_MODELS)) {
  for (let version = 1; version <= versions; version++) {
    const bytes = build(version);
    const path = resolve(join(dir, `${name}-v${version}.onnx`));
    await writeFile(path, bytes);
    console.log(`${createHash('sha256').update(bytes).digest('hex')}  ${path}`);
  }
}
