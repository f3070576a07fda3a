// Lineage graph benchmark (registered in bench/run.ts; `npm run bench -- lineage`), on PostgreSQL:
// a layered graph of 100,000 nodes and 500,000 edges (25 layers of 4,000 nodes; each node has 5
// parents in the layer before, near its own position, and one node in four of layers 2–21 a parent
// two layers back), so 10-hop upstream paths exist from every node past layer 10. It measures,
// through the same service the portal and REST use (queryLineage), the p95 of a 10-hop upstream
// query from random nodes, as an auditor (sees everything) and as a data scientist (sees their
// team's nodes: the walk filters on every step; 1 node in 100 belongs to another team), beside a
// 1-hop query and a plain primary-key lookup measured in the same run. It also measures what the
// prediction-batch trigger costs prediction inserts (trigger on vs off, alternating rounds).
//
// The graph is kept in a dedicated database (`mg_bench_lineage` on BENCH_DATABASE_URL's server)
// and reused by later runs while the migrations and this generator are unchanged.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, rowsOf, type TDb } from '@/db/client';
import type { TActor } from '@/policies/actor';
import { serviceContext } from '@/server/services/context';
import { queryLineage } from '@/server/services/lineage';
import { insertPredictionRows, serializeRecord } from '@/server/serving/prediction-recorder';
import { createTestDatabase } from '@/tests/helpers/db';
import { createDeployedVersion, predictionOf } from '@/tests/helpers/predictions';
import { BENCH_DATABASE_URL, type TBenchRow } from './config';

const LAYERS = 25;
const WIDTH = 4_000;
const PARENTS = 5;
const SKIP_LAYERS = [2, 21] as const;
const SKIP_WIDTH = 1_000;
const RUNS = 300;
const GENERATOR = 'lineage-bench-v2';
const DATABASE = 'mg_bench_lineage';
const TEAM_A = '00000000-0000-4000-8000-0000000000a1';
const TEAM_B = '00000000-0000-4000-8000-0000000000b2';

/** A valid version-4 UUID from md5 (zod checks the version and variant digits). */
const nodeId = (layer: string, index: string) =>
  sql.raw(`overlay(overlay(md5('bench-node-' || ${layer} || '-' || ${index}) placing '4' from 13) placing '8' from 17)::uuid`);

/** Migrations and generator together: a change to either regenerates the graph. */
function fingerprint(): string {
  const dir = join(process.cwd(), 'db/migrations');
  const hash = createHash('sha256').update(GENERATOR);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) hash.update(file).update(readFileSync(join(dir, file)));
  return hash.digest('hex');
}

async function openBenchDatabase(): Promise<{ db: TDb; close(): Promise<void>; fresh: boolean }> {
  const admin = postgres(BENCH_DATABASE_URL, { max: 1, onnotice: () => {} });
  const url = new URL(BENCH_DATABASE_URL);
  url.pathname = `/${DATABASE}`;
  const wanted = fingerprint();
  try {
    const exists = (await admin`select 1 from pg_database where datname = ${DATABASE}`).length > 0;
    if (exists) {
      const probe = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const stored = await probe`select fingerprint from bench_lineage_meta`.catch(() => []);
      await probe.end();
      if (stored[0]?.fingerprint === wanted) {
        const database = await openDatabase({ url: url.toString(), maxConnections: 4 });
        return { db: database.db, close: database.close, fresh: false };
      }
      await admin.unsafe(`drop database ${DATABASE} with (force)`);
    }
    await admin.unsafe(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url: url.toString(), maxConnections: 4 });
  await generate(database.db);
  await database.db.execute(sql`create table bench_lineage_meta (fingerprint text not null)`);
  await database.db.execute(sql`insert into bench_lineage_meta values (${wanted})`);
  return { db: database.db, close: database.close, fresh: true };
}

/** Bulk SQL: deterministic ids (md5 of layer and index), so edges are computed without joins. */
async function generate(db: TDb) {
  await db.execute(sql`insert into teams (id, name) values (${TEAM_A}::uuid, 'bench-a'), (${TEAM_B}::uuid, 'bench-b')`);
  await db.execute(sql`
    insert into lineage_nodes (id, kind, namespace, name, team_id, label, facets)
    select ${nodeId('l', 'i')}, 'external_dataset', 'bench', 'L' || l || '-' || i,
           case when i % 100 = 7 then ${TEAM_B}::uuid else ${TEAM_A}::uuid end,
           'Layer ' || l || ' node ' || i, jsonb_build_object('layer', l, 'index', i)
      from generate_series(0, ${LAYERS - 1}::int) l, generate_series(0, ${WIDTH - 1}::int) i`);
  await db.execute(sql`
    insert into lineage_edges (from_id, to_id, relation, source)
    select ${nodeId('l - 1', `((i + k * 2) % ${WIDTH})`)}, ${nodeId('l', 'i')}, 'input_of', 'openlineage'
      from generate_series(1, ${LAYERS - 1}::int) l, generate_series(0, ${WIDTH - 1}::int) i, generate_series(0, ${PARENTS - 1}::int) k`);
  await db.execute(sql`
    insert into lineage_edges (from_id, to_id, relation, source)
    select ${nodeId('l - 2', 'i')}, ${nodeId('l', `(i * 4)`)}, 'input_of', 'openlineage'
      from generate_series(${SKIP_LAYERS[0]}::int, ${SKIP_LAYERS[1]}::int) l, generate_series(0, ${SKIP_WIDTH - 1}::int) i`);
  // What autovacuum would do soon after: statistics, and the visibility map for index-only scans.
  await db.execute(sql`vacuum analyze lineage_nodes`);
  await db.execute(sql`vacuum analyze lineage_edges`);
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
}

async function timed(runs: number, once: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 10; i++) await once(i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

/**
 * What the prediction-batch trigger costs the serving layer's writes: the recorder's multi-row
 * INSERT (200 rows a statement) into a fresh database, with the trigger and with it disabled,
 * in alternating rounds so both see the same machine.
 */
async function predictionTriggerCost(): Promise<TBenchRow[]> {
  process.env.DATABASE_URL ??= BENCH_DATABASE_URL;
  const database = await createTestDatabase({ maxConnections: 2 });
  try {
    const deployed = await createDeployedVersion(database.db);
    const ROUNDS = 6;
    const STATEMENTS = 50;
    const ROWS = 200;
    const rate = { with: [] as number[], without: [] as number[] };
    let t = Date.parse('2026-01-01T00:00:00Z');
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of round % 2 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
        await database.db.execute(sql.raw(`alter table predictions ${mode === 'with' ? 'enable' : 'disable'} trigger lineage_predictions`));
        const batches = Array.from({ length: STATEMENTS }, () =>
          `[${Array.from({ length: ROWS }, () => serializeRecord(predictionOf(deployed, new Date((t += 7))))).join(',')}]`,
        );
        const started = performance.now();
        for (const batch of batches) await insertPredictionRows(database, batch);
        rate[mode].push((STATEMENTS * ROWS) / ((performance.now() - started) / 1000));
      }
    }
    await database.db.execute(sql`alter table predictions enable trigger lineage_predictions`);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [withTrigger, without] = [median(rate.with), median(rate.without)];
    const [batches] = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from lineage_nodes where kind = 'prediction_batch'`));
    return [
      { metric: 'prediction inserts, lineage trigger off', value: without, unit: 'rows/s', note: `${ROWS} rows per INSERT (median of ${ROUNDS})` },
      {
        metric: 'prediction inserts, lineage trigger on',
        value: withTrigger,
        unit: 'rows/s',
        note: `${((1 - withTrigger / without) * 100).toFixed(1)}% slower; ${batches!.n} daily batch nodes written`,
      },
    ];
  } finally {
    await database.close();
  }
}

export async function run(): Promise<TBenchRow[]> {
  const started = performance.now();
  const { db, close, fresh } = await openBenchDatabase();
  const setupSeconds = (performance.now() - started) / 1000;
  try {
    const [counts] = rowsOf<{ nodes: number; edges: number }>(
      await db.execute(sql`select (select count(*)::int from lineage_nodes) as nodes, (select count(*)::int from lineage_edges) as edges`),
    );
    // Start nodes: team A nodes in layers 12–24 (10 hops upstream stay inside the graph).
    const starts = rowsOf<{ id: string }>(
      await db.execute(sql`
        select id from lineage_nodes
         where (facets->>'layer')::int >= 12 and team_id = ${TEAM_A}::uuid
         order by md5(id::text) limit ${RUNS}`),
    ).map((r) => r.id);
    const base = { userId: '00000000-0000-4000-8000-00000000000f', email: 'bench@local', name: 'Bench' };
    const auditor = serviceContext(db, { type: 'user', ...base, roles: ['auditor'], teamIds: [] } satisfies TActor);
    const scientist = serviceContext(db, { type: 'user', ...base, roles: ['data_scientist'], teamIds: [TEAM_A] } satisfies TActor);
    const start = (i: number) => starts[i % starts.length]!;

    const lookup = await timed(RUNS, (i) => db.execute(sql`select * from lineage_nodes where id = ${start(i)}::uuid`));
    const oneHop = await timed(RUNS, (i) => queryLineage(auditor, { nodeIds: [start(i)], direction: 'upstream', depth: 1 }));
    let reached = 0;
    let edges = 0;
    const tenHop = await timed(RUNS, async (i) => {
      const graph = await queryLineage(auditor, { nodeIds: [start(i)], direction: 'upstream', depth: 10 });
      reached += graph.nodes.length;
      edges += graph.edges.length;
    });
    let hidden = 0;
    const tenHopTeam = await timed(RUNS, async (i) => {
      hidden += (await queryLineage(scientist, { nodeIds: [start(i)], direction: 'upstream', depth: 10 })).hidden;
    });
    const ratio = p95(tenHop) / p95(oneHop);
    return [
      { metric: 'lineage graph nodes', value: counts!.nodes, unit: 'nodes', note: `${counts!.edges.toLocaleString('en-US')} edges` },
      { metric: 'lineage graph setup', value: setupSeconds, unit: 's', note: fresh ? 'generated now (bulk SQL)' : `reused database ${DATABASE}` },
      { metric: 'node lookup by id p95 (baseline)', value: p95(lookup), unit: 'ms' },
      { metric: 'lineage 1-hop upstream p95 (baseline)', value: p95(oneHop), unit: 'ms', note: 'queryLineage, auditor' },
      {
        metric: 'lineage 10-hop upstream p95',
        value: p95(tenHop),
        unit: 'ms',
        note: `target < 100 ms; ${(reached / (RUNS + 10)).toFixed(0)} nodes, ${(edges / (RUNS + 10)).toFixed(0)} edges per answer; ${ratio.toFixed(1)}× the 1-hop query`,
      },
      {
        metric: 'lineage 10-hop upstream p95, team-scoped',
        value: p95(tenHopTeam),
        unit: 'ms',
        note: `data scientist: walk filtered by team; ${(hidden / (RUNS + 10)).toFixed(1)} hidden neighbours per answer`,
      },
      { metric: 'ratio 10-hop / 1-hop p95', value: ratio, unit: '×' },
      ...(await predictionTriggerCost()),
    ];
  } finally {
    await close();
  }
}
