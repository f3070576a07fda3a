// Usage, latency and the drift window of one version, computed in SQL from the predictions
// table. Every query is a range scan of the primary key (model_version_id, created_at, …).
import { sql } from 'drizzle-orm';
import { rowsOf, type TDb } from '@/db/client';
import { compareToProfile, type TFeatureDrift, type TFeatureProfile } from './drift';
import { columnsOf, featureRowsOf } from './features';

export const BUCKETS = ['minute', 'hour'] as const;
export type TBucket = (typeof BUCKETS)[number];
const BUCKET_MS: Record<TBucket, number> = { minute: 60_000, hour: 3_600_000 };
/** Buckets per series at most: a range must fit (a day of minutes, two months of hours). */
export const MAX_BUCKETS = 1500;

export interface TUsagePoint {
  at: Date;
  calls: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** percentile_cont over an array of fractions: a float8[] (null when there are no rows; drivers may hand the text form). */
type TQuantiles = (number | string)[] | string | null | undefined;

function quantilesOf(q: TQuantiles): { p50: number | null; p95: number | null; p99: number | null } {
  const values = typeof q === 'string' ? q.replace(/[{}]/g, '').split(',') : q;
  if (!values || values.length !== 3) return { p50: null, p95: null, p99: null };
  const [p50, p95, p99] = values.map(Number);
  return { p50: p50!, p95: p95!, p99: p99! };
}

export function bucketCount(from: Date, to: Date, bucket: TBucket): number {
  return Math.ceil((to.getTime() - floorTo(from, bucket).getTime()) / BUCKET_MS[bucket]);
}

function floorTo(at: Date, bucket: TBucket): Date {
  return new Date(Math.floor(at.getTime() / BUCKET_MS[bucket]) * BUCKET_MS[bucket]);
}

/** Calls and p50/p95/p99 latency (ms) per bucket over [from, to); buckets without calls are filled with zero calls. */
export async function usageSeries(db: TDb, modelVersionId: string, from: Date, to: Date, bucket: TBucket): Promise<TUsagePoint[]> {
  // Buckets are whole minutes/hours of UTC epoch time, the same in SQL and below.
  const width = BUCKET_MS[bucket] / 1000;
  // One ordered-set aggregate for the three percentiles: one sort per bucket, not three.
  const rows = rowsOf<{ bucket: string | number; calls: string | number; q: TQuantiles }>(
    await db.execute(sql`
      select floor(extract(epoch from created_at) / ${width}::int)::bigint as bucket,
             count(*) as calls,
             percentile_cont(array[0.5, 0.95, 0.99]) within group (order by latency_ms) as q
      from predictions
      where model_version_id = ${modelVersionId}::uuid
        and created_at >= ${from.toISOString()}::timestamptz and created_at < ${to.toISOString()}::timestamptz
      group by 1
      order by 1`),
  );
  const byBucket = new Map(rows.map((r) => [Number(r.bucket) * BUCKET_MS[bucket], r]));
  const points: TUsagePoint[] = [];
  for (let at = floorTo(from, bucket).getTime(); at < to.getTime(); at += BUCKET_MS[bucket]) {
    const r = byBucket.get(at);
    points.push({ at: new Date(at), calls: r ? Number(r.calls) : 0, ...quantilesOf(r?.q) });
  }
  return points;
}

/** Calls and latency percentiles over [since, until). */
export async function windowLatency(db: TDb, modelVersionId: string, since: Date, until: Date): Promise<{ calls: number; p50: number | null; p95: number | null; p99: number | null }> {
  const [row] = rowsOf<{ calls: string | number; q: TQuantiles }>(
    await db.execute(sql`
      select count(*) as calls,
             percentile_cont(array[0.5, 0.95, 0.99]) within group (order by latency_ms) as q
      from predictions
      where model_version_id = ${modelVersionId}::uuid
        and created_at >= ${since.toISOString()}::timestamptz and created_at < ${until.toISOString()}::timestamptz`),
  );
  return { calls: Number(row?.calls ?? 0), ...quantilesOf(row?.q) };
}

/** Calls sampled for a drift window at most (the newest); their rows are what the window compares. */
export const WINDOW_MAX_CALLS = 2000;
export const WINDOW_MAX_ROWS = 10_000;

/**
 * Drift of each profiled feature over the newest calls in [since, until) (at most
 * WINDOW_MAX_CALLS calls and WINDOW_MAX_ROWS rows), against the reference profile.
 */
export async function windowDrift(
  db: TDb,
  modelVersionId: string,
  profile: readonly TFeatureProfile[],
  since: Date,
  until: Date,
): Promise<{ rows: number; drift: TFeatureDrift[] }> {
  const calls = rowsOf<{ input: unknown }>(
    await db.execute(sql`
      select input from predictions
      where model_version_id = ${modelVersionId}::uuid
        and created_at > ${since.toISOString()}::timestamptz and created_at < ${until.toISOString()}::timestamptz
      order by created_at desc
      limit ${WINDOW_MAX_CALLS}`),
  );
  const rows = calls.flatMap((c) => featureRowsOf(typeof c.input === 'string' ? JSON.parse(c.input) : c.input)).slice(0, WINDOW_MAX_ROWS);
  const columns = columnsOf(rows, profile.map((p) => p.name));
  return { rows: rows.length, drift: profile.map((p) => compareToProfile(p, columns.get(p.name) ?? [])) };
}
