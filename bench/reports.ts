// Report generation: a PDF report of a model version whose lineage has 1,000 nodes (target: under 5 s
// and under 500 MB peak RSS), beside baselines from the same run: the same PDF with a 10-node lineage,
// and the collect step alone at 1,000 nodes. Each run is its own child process (peak RSS is its own;
// it includes node, tsx and the application's modules, measured before generation too). The database is
// a fresh PostgreSQL database on BENCH_DATABASE_URL's server, as for the other benches.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_DATABASE_URL, type TBenchRow } from './config';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

interface TRun {
  lineageNodes: number;
  lineageEdges: number;
  collectMs: number;
  renderMs: number;
  totalMs: number;
  cpuMs: number;
  bytes: number;
  rssBeforeMb: number;
  maxRssMb: number;
}

function measure(nodes: number, mode: 'pdf' | 'json' | 'collect'): TRun {
  const output = execFileSync(process.execPath, ['--import', 'tsx', resolve(root, 'bench/reports-child.ts'), String(nodes), mode], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 22,
    env: { ...process.env, DATABASE_URL: BENCH_DATABASE_URL },
  });
  return JSON.parse(output.trim().split('\n').pop()!) as TRun;
}

export async function run(): Promise<TBenchRow[]> {
  const big = measure(1000, 'pdf');
  const small = measure(10, 'pdf');
  const collectOnly = measure(1000, 'collect');
  const json = measure(1000, 'json');
  const graph = `${big.lineageNodes} nodes, ${big.lineageEdges} edges`;
  return [
    { metric: 'PDF report, 1,000-node lineage: total', value: big.totalMs / 1000, unit: 's', note: `target < 5 s; ${graph}; collect ${(big.collectMs / 1000).toFixed(2)} s + render and record ${(big.renderMs / 1000).toFixed(2)} s; ${(big.bytes / 1024).toFixed(0)} KiB` },
    { metric: 'PDF report, 1,000-node lineage: peak RSS', value: big.maxRssMb, unit: 'MB', note: `target < 500 MB; the process held ${big.rssBeforeMb.toFixed(0)} MB before generating (node, tsx, app modules)` },
    { metric: 'baseline: PDF report, 10-node lineage', value: small.totalMs / 1000, unit: 's', note: `${small.lineageNodes} nodes; peak RSS ${small.maxRssMb.toFixed(0)} MB; ratio ${(big.totalMs / small.totalMs).toFixed(1)}x` },
    { metric: 'baseline: collect step alone, 1,000 nodes', value: collectOnly.totalMs / 1000, unit: 's', note: `peak RSS ${collectOnly.maxRssMb.toFixed(0)} MB` },
    { metric: 'JSON report, 1,000-node lineage', value: json.totalMs / 1000, unit: 's', note: `${(json.bytes / 1024).toFixed(0)} KiB; peak RSS ${json.maxRssMb.toFixed(0)} MB` },
  ];
}
