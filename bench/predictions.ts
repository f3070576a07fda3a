// Stored-predictions benchmark (registered in bench/run.ts; `npm run bench -- predictions`), on PostgreSQL:
// (a) recording: CALLERS concurrent callers each awaiting record() in a loop (the group-commit
//     recorder the serving layer uses) against the same callers doing plain single-row INSERTs
//     (one transaction each) through the same pool, into the same partitioned table of a fresh
//     database; plus record()'s latency at 32 callers (what the serving layer's answer waits for);
// (b) query: one model version's predictions for one UTC day with 10 million predictions stored
//     (BENCH_PREDICTIONS_ROWS), in a database kept between runs (mg_bench_predictions_10m, rebuilt
//     when missing or when its row count differs), against the same query on an unpartitioned
//     copy of the table with the same primary key.
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, rowsOf, type TDatabase } from '@/db/client';
import type { TActor } from '@/policies/actor';
import { serviceContext } from '@/server/services/context';
import { exportPredictions, listPredictions, maintainPredictionPartitions } from '@/server/services/predictions';
import { createPredictionRecorder, type TPredictionRecord } from '@/server/serving/prediction-recorder';
import { createDeployedVersion } from '@/tests/helpers/predictions';
import { BENCH_DATABASE_URL, type TBenchRow } from './config';

const CALLERS = Number(process.env.BENCH_PREDICTIONS_CALLERS ?? 256);
const RECORD_SECONDS = Number(process.env.BENCH_PREDICTIONS_SECONDS ?? 8);
const POOL = 10;
const ROWS = Number(process.env.BENCH_PREDICTIONS_ROWS ?? 10_000_000);
const DAYS = 30;
const VERSIONS = 10;
const FIRST_DAY = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;
const QUERY_RUNS = 15;
const CACHED_DB = `mg_bench_predictions_${ROWS >= 1e6 ? `${ROWS / 1e6}m` : ROWS}`.replace('.', '_');

const urlOf = (name: string) => Object.assign(new URL(BENCH_DATABASE_URL), { pathname: `/${name}` }).toString();

/** A prediction of the demo classifier's shape: five features in, two class probabilities out. */
function predictionOf(d: Awaited<ReturnType<typeof createDeployedVersion>>): TPredictionRecord {
  const p = Math.random();
  return {
    requestId: randomUUID(),
    modelVersionId: d.version.id,
    deploymentId: d.deployment.id,
    environmentId: d.environmentId,
    callerUserId: d.scientist.userId,
    callerTokenId: null,
    input: { features: [[Math.random() * 100, Math.random(), Math.random() * 5, 1, Math.random() * 1e4]] },
    output: { label: [p > 0.5 ? 1 : 0], probabilities: [[1 - p, p]] },
    latencyMs: 0.4 + Math.random(),
    createdAt: new Date(),
  };
}

/** Calls per second of `callers` loops for `seconds`, and the per-call latencies (ms). */
async function sustained(callers: number, seconds: number, call: () => Promise<unknown>) {
  const until = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        await call();
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { rate: latencies.length / ((performance.now() - started) / 1000), p50: q(0.5), p99: q(0.99) };
}

async function withFreshDatabase<T>(use: (database: TDatabase) => Promise<T>): Promise<T> {
  const name = `mg_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(BENCH_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const database = await openDatabase({ url: urlOf(name), maxConnections: POOL });
  try {
    return await use(database);
  } finally {
    await database.close();
    await admin.unsafe(`drop database ${name} with (force)`);
    await admin.end();
  }
}

async function recording(): Promise<TBenchRow[]> {
  return withFreshDatabase(async (database) => {
    const { db } = database;
    const deployed = await createDeployedVersion(db);
    const recorder = createPredictionRecorder(database);
    const plainInsert = () => {
      const r = predictionOf(deployed);
      return db.execute(sql`
        insert into predictions (model_version_id, created_at, request_id, deployment_id, environment_id, caller_user_id, caller_token_id, input, output, latency_ms)
        values (${r.modelVersionId}, ${r.createdAt.toISOString()}::timestamptz, ${r.requestId}, ${r.deploymentId}, ${r.environmentId}, ${r.callerUserId}, ${r.callerTokenId},
                ${JSON.stringify(r.input)}::jsonb, ${JSON.stringify(r.output)}::jsonb, ${r.latencyMs})`);
    };
    await sustained(CALLERS, 1, () => recorder.record(predictionOf(deployed))); // warm-up: connections, plans
    await sustained(CALLERS, 1, plainInsert);
    const before = { ...recorder.stats };
    const grouped = await sustained(CALLERS, RECORD_SECONDS, () => recorder.record(predictionOf(deployed)));
    const batches = recorder.stats.batches - before.batches;
    const rows = recorder.stats.rows - before.rows;
    const plain = await sustained(CALLERS, RECORD_SECONDS, plainInsert);
    const at32 = await sustained(32, RECORD_SECONDS / 2, () => recorder.record(predictionOf(deployed)));
    const load = `1-min load average ${loadavg()[0]!.toFixed(1)}`;
    await recorder.close();
    return [
      { metric: `record(), ${CALLERS} callers (group commit)`, value: grouped.rate, unit: 'pred/s', note: `target ≥ 10,000; ${(rows / batches).toFixed(0)} rows per transaction; ${load}` },
      { metric: `plain single-row INSERT, ${CALLERS} callers`, value: plain.rate, unit: 'pred/s', note: `pool ${POOL}; group commit is ${(grouped.rate / plain.rate).toFixed(1)}× this` },
      { metric: `record() latency p50, ${CALLERS} callers`, value: grouped.p50, unit: 'ms', note: `p99 ${grouped.p99.toFixed(2)} ms (plain insert p50 ${plain.p50.toFixed(2)} ms)` },
      { metric: 'record() latency p50, 32 callers', value: at32.p50, unit: 'ms', note: `p99 ${at32.p99.toFixed(2)} ms at ${Math.round(at32.rate).toLocaleString('en-US')} pred/s` },
    ];
  });
}

/** The cached 10M-row database: reused when its meta row says it holds ROWS predictions. */
async function openQueryDatabase(): Promise<{ database: TDatabase; versions: string[]; built: string }> {
  const admin = postgres(BENCH_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${CACHED_DB}`;
    if (exists) {
      const probe = postgres(urlOf(CACHED_DB), { max: 1, onnotice: () => {} });
      const meta = await probe`select rows, versions from bench_predictions_meta`.catch(() => []);
      await probe.end();
      if (meta[0] && Number(meta[0].rows) === ROWS) {
        const database = await openDatabase({ url: urlOf(CACHED_DB), maxConnections: POOL });
        // The maintenance job, as the portal runs it hourly (no-op once the days are clustered).
        await maintainPredictionPartitions(database.db, { retentionDays: 36_500 });
        return { database, versions: meta[0].versions as string[], built: 'cached' };
      }
      await admin.unsafe(`drop database ${CACHED_DB} with (force)`);
    }
    await admin.unsafe(`create database ${CACHED_DB}`);
  } finally {
    await admin.end();
  }
  const started = performance.now();
  const database = await openDatabase({ url: urlOf(CACHED_DB), maxConnections: POOL });
  const { db } = database;
  const deployed: Awaited<ReturnType<typeof createDeployedVersion>>[] = [];
  for (let i = 0; i < VERSIONS; i++) deployed.push(await createDeployedVersion(db));
  const arr = (values: string[]) => sql.raw(`array[${values.map((v) => `'${v}'::uuid`).join(',')}]`);
  const versions = arr(deployed.map((d) => d.version.id));
  const deployments = arr(deployed.map((d) => d.deployment.id));
  const callers = arr(deployed.map((d) => d.scientist.userId));
  const perDay = Math.ceil(ROWS / DAYS);
  // One session, so the replica role (no foreign-key triggers while generating) holds for every day.
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (let day = 0; day < DAYS; day++) {
      const start = new Date(FIRST_DAY + day * DAY_MS);
      const n = Math.min(perDay, ROWS - day * perDay);
      await tx.execute(sql`select predictions_ensure_partition(${start.toISOString().slice(0, 10)}::date)`);
      await tx.execute(sql`
        insert into predictions (model_version_id, created_at, request_id, deployment_id, environment_id, caller_user_id, caller_token_id, input, output, latency_ms)
        select (${versions})[1 + g % ${VERSIONS}::int], ${start.toISOString()}::timestamptz + g * (interval '1 day' / ${n}::int), gen_random_uuid(),
               (${deployments})[1 + g % ${VERSIONS}::int], ${deployed[0]!.environmentId}::uuid, (${callers})[1 + g % ${VERSIONS}::int], null,
               jsonb_build_object('features', jsonb_build_array(jsonb_build_array(round((random() * 100)::numeric, 3), round(random()::numeric, 4),
                                  round((random() * 5)::numeric, 3), 1, round((random() * 1e4)::numeric, 2)))),
               jsonb_build_object('label', jsonb_build_array(g % 2), 'probabilities', jsonb_build_array(jsonb_build_array(0.25, 0.75))),
               (0.3 + random())::real
        from generate_series(0, ${n - 1}::int) as g`);
      process.stderr.write(`predictions bench: day ${day + 1}/${DAYS} generated\n`);
    }
  });
  // The hourly maintenance job: completed days are clustered in primary-key order (and vacuumed).
  const maintained = await maintainPredictionPartitions(db, { retentionDays: 36_500 });
  process.stderr.write(`predictions bench: ${maintained.clustered.length} day partitions clustered\n`);
  // The baseline: the same rows in one table, in arrival order (as an unpartitioned table stays).
  await db.execute(sql`create table predictions_flat (like predictions including defaults)`);
  await db.execute(sql`insert into predictions_flat select * from predictions order by created_at`);
  await db.execute(sql`alter table predictions_flat add primary key (model_version_id, created_at, request_id)`);
  // Hint bits, visibility map and statistics, as autovacuum would leave them on a table this old.
  await db.execute(sql`vacuum (analyze) predictions_flat`);
  const ids = deployed.map((d) => d.version.id);
  await db.execute(sql`create table bench_predictions_meta (rows bigint not null, versions uuid[] not null)`);
  await db.execute(sql`insert into bench_predictions_meta values (${ROWS}, ${arr(ids)})`);
  return { database, versions: ids, built: `built in ${((performance.now() - started) / 1000).toFixed(0)} s` };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(runs: number, call: (i: number) => Promise<unknown>): Promise<{ median: number; max: number; result: unknown }> {
  const times: number[] = [];
  let result: unknown;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await call(i);
    times.push(performance.now() - t);
  }
  return { median: median(times), max: Math.max(...times), result };
}

async function querying(): Promise<TBenchRow[]> {
  const { database, versions, built } = await openQueryDatabase();
  const { db } = database;
  try {
    const [{ n: total } = { n: 0 }] = rowsOf<{ n: string }>(await db.execute(sql`select count(*) as n from predictions`)).map((r) => ({ n: Number(r.n) }));
    const refs = rowsOf<{ id: string; name: string; version: number }>(
      await db.execute(sql`select v.id, m.name, v.version from model_versions v join registered_models m on m.id = v.model_id where v.id = any(${sql.raw(`array[${versions.map((v) => `'${v}'::uuid`).join(',')}]`)})`),
    );
    // Each run another (version, day): no run reads exactly what the previous one did.
    const dayOf = (i: number) => {
      const from = new Date(FIRST_DAY + ((i * 7) % DAYS) * DAY_MS);
      return { ref: refs[i % refs.length]!, from, to: new Date(from.getTime() + DAY_MS) };
    };
    const whereDay = (i: number) => {
      const { ref, from, to } = dayOf(i);
      return sql`model_version_id = ${ref.id} and created_at >= ${from.toISOString()}::timestamptz and created_at < ${to.toISOString()}::timestamptz`;
    };
    const allRows = (table: 'predictions' | 'predictions_flat') => async (i: number) =>
      rowsOf(await db.execute(sql`select * from ${sql.identifier(table)} where ${whereDay(i)} order by created_at, request_id`)).length;
    /** The same query's execution time inside the server (EXPLAIN ANALYZE), without the transfer and the driver's parsing. */
    const serverMs = (table: 'predictions' | 'predictions_flat') => async (i: number) => {
      const [plan] = rowsOf<{ 'QUERY PLAN': [{ 'Execution Time': number }] }>(
        await db.execute(sql`explain (analyze, format json) select * from ${sql.identifier(table)} where ${whereDay(i)} order by created_at, request_id`),
      );
      return plan!['QUERY PLAN'][0]['Execution Time'];
    };
    const auditor: TActor = { type: 'user', userId: randomUUID(), email: 'bench@bench.local', name: 'bench', roles: ['auditor'], teamIds: [] };
    const ctx = serviceContext(db, auditor);
    const apiPage = (limit: number) => (i: number) => {
      const { ref, from, to } = dayOf(i);
      return listPredictions(ctx, { name: ref.name, version: ref.version, from: from.toISOString(), to: to.toISOString(), limit });
    };

    await allRows('predictions')(QUERY_RUNS); // warm-up: connections, plans
    await allRows('predictions_flat')(QUERY_RUNS + 1);
    await apiPage(50)(QUERY_RUNS + 2);
    const page50 = await timed(QUERY_RUNS, apiPage(50));
    const page500 = await timed(QUERY_RUNS, apiPage(500));
    const partitioned = await timed(QUERY_RUNS, allRows('predictions'));
    const flat = await timed(QUERY_RUNS, allRows('predictions_flat'));
    const inServer: number[] = [];
    const inServerFlat: number[] = [];
    for (let i = 0; i < QUERY_RUNS; i++) {
      inServer.push(await serverMs('predictions')(i));
      inServerFlat.push(await serverMs('predictions_flat')(i));
    }
    const count = await timed(QUERY_RUNS, async (i) => rowsOf(await db.execute(sql`select count(*) from predictions where ${whereDay(i)}`)));
    // The export writes an audit event per run (the bench's auditor is not a stored user; the trail allows that).
    const exportDay = await timed(3, async (i) => {
      const { ref, from, to } = dayOf(i);
      const exp = await exportPredictions(ctx, { name: ref.name, version: ref.version, format: 'jsonl', from: from.toISOString(), to: to.toISOString() });
      let lines = 0;
      for await (const _ of exp.lines()) lines++;
      return lines;
    });
    const perDay = partitioned.result as number;
    const stored = `${total.toLocaleString('en-US')} stored, ${VERSIONS} versions × ${DAYS} days (${built})`;
    return [
      { metric: 'query: one version, one day, API first page (50)', value: page50.median, unit: 'ms', note: `target < 200; max ${page50.max.toFixed(1)} ms; ${stored}` },
      { metric: 'query: one version, one day, API page of 500', value: page500.median, unit: 'ms', note: `max ${page500.max.toFixed(1)} ms; listPredictions, keyset` },
      { metric: `query: one version, one day, all ${perDay.toLocaleString('en-US')} rows`, value: partitioned.median, unit: 'ms', note: `max ${partitioned.max.toFixed(0)} ms; in the server ${median(inServer).toFixed(1)} ms (day partition, clustered)` },
      { metric: '… same, one unpartitioned table (arrival order)', value: flat.median, unit: 'ms', note: `max ${flat.max.toFixed(0)} ms; in the server ${median(inServerFlat).toFixed(1)} ms; same primary key` },
      { metric: '… count(*) of that version-day', value: count.median, unit: 'ms', note: 'index-only scan' },
      { metric: '… JSON Lines export of that day', value: exportDay.median, unit: 'ms', note: `${(exportDay.result as number).toLocaleString('en-US')} lines through exportPredictions` },
    ];
  } finally {
    await database.close();
  }
}

export async function run(): Promise<TBenchRow[]> {
  return [...(await recording()), ...(await querying())];
}
