// Runs benchmark modules and prints their results under a description of the machine, so
// figures are only compared with figures from the same run. `tsx bench/run.ts [name...]`.
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { BENCH_DATABASE_URL, type TBenchRow } from './config';


const BENCHES: Record<string, () => Promise<{ run(): Promise<TBenchRow[]> }>> = {
  audit: () => import('./audit'),
  catalog: () => import('./catalog'),
  approvals: () => import('./approvals'),
  scan: () => import('./scan'),
  serving: () => import('./serving'),
  lineage: () => import('./lineage'),
  predictions: () => import('./predictions'),
  openlineage: () => import('./openlineage'),
  reports: () => import('./reports'),
  monitoring: () => import('./monitoring'),
};

async function databaseVersion(): Promise<string> {
  const client = postgres(BENCH_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    const [row] = await client`select current_setting('server_version') as v`;
    return `PostgreSQL ${row!.v} (${new URL(BENCH_DATABASE_URL).host})`;
  } catch (error) {
    return `unreachable: ${(error as Error).message}`;
  } finally {
    await client.end();
  }
}

const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(BENCHES);
const unknown = names.filter((n) => !BENCHES[n]);
if (unknown.length) throw new Error(`unknown bench: ${unknown.join(', ')} (have ${Object.keys(BENCHES).join(', ')})`);

// Several benches: each in its own process, so one bench's environment and per-process singletons
// (database, artifact store, serving runtimes) cannot leak into the next.
if (!process.env.BENCH_CHILD) {
  console.log(`cpu       ${cpus()[0]?.model ?? 'unknown'}`);
  console.log(`cores     ${cpus().length}`);
  console.log(`memory    ${(totalmem() / 2 ** 30).toFixed(1)} GiB`);
  console.log(`node      ${process.version}`);
  console.log(`database  ${await databaseVersion()}`);
}
if (names.length > 1) {
  for (const name of names) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), name], { stdio: 'inherit', env: { ...process.env, BENCH_CHILD: '1' } });
    if (child.status !== 0) process.exitCode = 1;
  }
  process.exit();
}
for (const name of names) {
  const rows = await (await BENCHES[name]!()).run();
  console.log(`\n## ${name}`);
  const width = Math.max(...rows.map((r) => r.metric.length));
  for (const r of rows) {
    const value = r.value >= 100 ? Math.round(r.value).toLocaleString('en-US') : r.value.toFixed(2);
    console.log(`${r.metric.padEnd(width)}  ${value.padStart(12)} ${r.unit.padEnd(9)} ${r.note ?? ''}`);
  }
}
