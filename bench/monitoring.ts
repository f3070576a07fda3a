// Monitoring queries (registered in bench/run.ts; `npm run bench -- monitoring`), on PostgreSQL:
// one version with BENCH_MONITORING_ROWS predictions (default 1,000,000) spread over the last
// 24 hours, next to another version with as many. Each figure is the median of 5 runs, beside
// the baseline of counting the same rows (the cheapest query over the same index range).
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, rowsOf } from '@/db/client';
import { evaluateVersion } from '@/server/monitoring/evaluate';
import { ensureProfile } from '@/server/monitoring/profiles';
import { usageSeries } from '@/server/monitoring/usage';
import { createDeployedVersion } from '@/tests/helpers/predictions';
import { BENCH_DATABASE_URL, type TBenchRow } from './config';

const ROWS = Number(process.env.BENCH_MONITORING_ROWS ?? 1_000_000);
const RUNS = 5;
const HOUR = 3_600_000;

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

export async function run(): Promise<TBenchRow[]> {
  const name = `mg_bench_monitoring_${randomBytes(4).toString('hex')}`;
  const admin = postgres(BENCH_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const database = await openDatabase({ url: Object.assign(new URL(BENCH_DATABASE_URL), { pathname: `/${name}` }).toString(), maxConnections: 4 });
  const { db } = database;
  try {
    const watched = await createDeployedVersion(db);
    const other = await createDeployedVersion(db);
    const now = new Date();
    for (const d of [watched, other]) {
      // Calls evenly over the last 24 hours, four features like the demo classifier, latency 0.3–5 ms.
      await db.execute(sql`
        insert into predictions (model_version_id, created_at, request_id, deployment_id, environment_id, caller_user_id, input, output, latency_ms)
        select ${d.version.id}::uuid, ${now.toISOString()}::timestamptz - (i * (86400.0 / ${ROWS})) * interval '1 second', gen_random_uuid(),
               ${d.deployment.id}::uuid, ${d.environmentId}::uuid, ${d.scientist.userId}::uuid,
               jsonb_build_object('inputs', jsonb_build_object('features', jsonb_build_array(jsonb_build_array(random(), random() * 10, random() * 2 - 1, 2 + random())))),
               '{"label":[1]}'::jsonb, 0.3 + random() * 4.7
        from generate_series(1, ${ROWS}) as i`);
    }
    await db.execute(sql`analyze predictions`);
    await ensureProfile(db, watched.version.id, 500);
    const id = watched.version.id;
    const dayAgo = new Date(now.getTime() - 24 * HOUR);
    const hourAgo = new Date(now.getTime() - HOUR);
    const count = (from: Date) => async () =>
      rowsOf(await db.execute(sql`select count(*) from predictions where model_version_id = ${id}::uuid and created_at >= ${from.toISOString()}::timestamptz and created_at < ${now.toISOString()}::timestamptz`));
    const countDay = await median(count(dayAgo));
    const countHour = await median(count(hourAgo));
    const usageDay = await median(() => usageSeries(db, id, dayAgo, now, 'hour'));
    const usageHour = await median(() => usageSeries(db, id, hourAgo, now, 'minute'));
    const settings = { windowMinutes: 60, referenceRows: 500, minWindowRows: 200 };
    const evaluation = await median(() => evaluateVersion(db, id, now, settings));
    return [
      { metric: 'usage+p50/p95/p99, 24 h by hour', value: usageDay, unit: 'ms', note: `${ROWS.toLocaleString('en-US')} calls of the version in the range` },
      { metric: 'baseline: count(*) of the same 24 h', value: countDay, unit: 'ms', note: `ratio ${(usageDay / countDay).toFixed(1)}×` },
      { metric: 'usage+p50/p95/p99, 1 h by minute', value: usageHour, unit: 'ms', note: `${Math.round(ROWS / 24).toLocaleString('en-US')} calls` },
      { metric: 'baseline: count(*) of the same hour', value: countHour, unit: 'ms', note: `ratio ${(usageHour / countHour).toFixed(1)}×` },
      { metric: 'evaluate one version (1 h window)', value: evaluation, unit: 'ms', note: 'latency percentiles + drift of the newest 2,000 calls' },
    ];
  } finally {
    await database.close();
    await admin.unsafe(`drop database ${name} with (force)`);
    await admin.end();
  }
}
