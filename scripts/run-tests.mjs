#!/usr/bin/env node
// Runs every *.test.ts with node's test runner (through tsx) and ends with the plain
// "N passed, N failed" line CI reads. `--browser` runs only tests/browser; the default
// runs everything else plus the browser tests (they skip themselves without Chromium,
// except under CI=true where a missing browser is a failure).
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set(['node_modules', '.next', '.data', '.git', 'bench']);

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (skip.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('--'));
let files = findTests(root).sort();
if (args.includes('--browser')) files = files.filter((f) => f.startsWith('tests/browser/'));
if (filters.length) files = files.filter((f) => filters.some((p) => f.includes(p)));

// Browser and portal tests run against `next start`, so they need a current build.
if (files.some((f) => f.startsWith('tests/browser/') || f.startsWith('tests/portal/'))) {
  const build = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const tapFile = join(mkdtempSync(join(tmpdir(), 'mg-tests-')), 'results.tap');
const child = spawn(
  process.execPath,
  [
    '--import', 'tsx',
    '--test',
    `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
child.on('exit', (code) => {
  const tap = readFileSync(tapFile, 'utf8');
  const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  console.log(`\n${passed} passed, ${failed} failed, ${count('skipped')} skipped`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
