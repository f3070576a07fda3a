// modelgate worker: runs dataset scan workers in their own process, on the database the
// environment names (DATABASE_URL, or PGlite under MODELGATE_DATA_DIR when no portal holds it).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export async function main(argv) {
  const script = fileURLToPath(new URL('../scripts/worker.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...argv], { stdio: 'inherit', env: { ...process.env, MODELGATE_SCAN_WORKERS: '1' } });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}
