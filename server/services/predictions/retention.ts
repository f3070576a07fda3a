import { sql } from 'drizzle-orm';
import { rowsOf, type TDb } from '@/db/client';
import type { TActor } from '@/policies/actor';
import { transact } from '../../audit/transact';
import { env } from '../../env';

const MAINTAINER: TActor = { type: 'system', job: 'prediction-retention' };
const DAY_MS = 86_400_000;
/** A day is clustered once it has been over this long: rows stamped late (clock skew, retries) come first. */
const CLUSTER_AFTER_MS = 3_600_000;
const PARTITION = /^predictions_p(\d{4})(\d{2})(\d{2})$/;

export interface TPartitionMaintenance {
  /** Day partitions created (ahead of time, or for rows waiting in the default partition). */
  created: number;
  /** Day partitions dropped by retention, oldest first. */
  dropped: { partition: string; from: string; to: string; rows: number }[];
  /** Completed day partitions rewritten in primary-key order (once each). */
  clustered: string[];
}

/** The day partitions of predictions, by the UTC day in their name (the only ones retention touches). */
export async function listPredictionPartitions(db: TDb): Promise<{ name: string; day: Date; clustered: boolean }[]> {
  const rows = rowsOf<{ name: string; clustered: boolean | null }>(
    await db.execute(sql`select c.relname as name,
                                (select x.indisclustered from pg_index x where x.indrelid = c.oid and x.indisprimary) as clustered
                           from pg_inherits i join pg_class c on c.oid = i.inhrelid
                          where i.inhparent = 'predictions'::regclass order by c.relname`),
  );
  return rows.flatMap(({ name, clustered }) => {
    const m = PARTITION.exec(name);
    return m ? [{ name, day: new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))), clustered: clustered === true }] : [];
  });
}

class AlreadyDropped extends Error {}

/**
 * The periodic job: creates the day partitions ahead (and moves rows that waited in the default
 * partition into theirs), drops every day partition whose whole day is older than the
 * retention, each drop in its own transaction with its audit event (system actor), and
 * clusters days that are over. Several processes may run it at once: an advisory lock makes
 * each drop happen once.
 */
export async function maintainPredictionPartitions(
  db: TDb,
  opts: { now?: Date; retentionDays?: number; daysAhead?: number } = {},
): Promise<TPartitionMaintenance> {
  const now = opts.now ?? new Date();
  const retentionDays = opts.retentionDays ?? env().MODELGATE_PREDICTION_RETENTION_DAYS;
  const [made] = rowsOf<{ made: number }>(await db.execute(sql`select predictions_maintain(${opts.daysAhead ?? 7}::int) as made`));
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  const dropped: TPartitionMaintenance['dropped'] = [];
  for (const { name, day } of await listPredictionPartitions(db)) {
    const end = day.getTime() + DAY_MS;
    if (end > cutoff) continue;
    const from = day.toISOString();
    const to = new Date(end).toISOString();
    try {
      const rows = await transact(db, MAINTAINER, async (tx, audit) => {
        // DROP needs the parent exclusively: waiting behind a long read would queue every insert
        // behind the drop, so it gives up after a moment and the next run tries again.
        await tx.execute(sql`set local lock_timeout = '3s'`);
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext('predictions_partitions'))`);
        const [exists] = rowsOf<{ found: string | null }>(await tx.execute(sql`select to_regclass(${name})::text as found`));
        if (!exists?.found) throw new AlreadyDropped();
        const [count] = rowsOf<{ n: string | number }>(await tx.execute(sql`select count(*) as n from ${sql.identifier(name)}`));
        const n = Number(count!.n);
        await tx.execute(sql`drop table ${sql.identifier(name)}`);
        audit.record({ action: 'predictions.partition_dropped', subject: { type: 'Prediction', id: null }, data: { partition: name, from, to, rows: n, retentionDays } });
        return n;
      });
      dropped.push({ partition: name, from, to, rows });
    } catch (error) {
      if (error instanceof AlreadyDropped) continue;
      // 55P03 lock_not_available: busy now, dropped on a later run.
      if (isLockTimeout(error)) continue;
      throw error;
    }
  }
  const clustered = await clusterCompletedPartitions(db, now, cutoff);
  return { created: Number(made?.made ?? 0), dropped, clustered };
}

const isLockTimeout = (error: unknown) =>
  (error as { cause?: { code?: string }; code?: string }).cause?.code === '55P03' || (error as { code?: string }).code === '55P03';

/**
 * Rows arrive in time order, so a day's heap interleaves every version that served that day, and
 * reading one version's day would touch nearly every page of the partition. Once a day is over,
 * its partition is rewritten once in primary-key order (CLUSTER; later days are not affected):
 * a version's day then sits on consecutive pages. CLUSTER locks only that partition, which no
 * longer receives rows; it gives up rather than wait behind a long read, and the next run retries.
 */
async function clusterCompletedPartitions(db: TDb, now: Date, cutoff: number): Promise<string[]> {
  const done: string[] = [];
  for (const { name, day, clustered } of await listPredictionPartitions(db)) {
    const end = day.getTime() + DAY_MS;
    if (clustered || end <= cutoff || end + CLUSTER_AFTER_MS > now.getTime()) continue;
    try {
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local lock_timeout = '3s'`);
        // One process clusters at a time; another skips rather than rewrite the same day twice.
        const [turn] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext('predictions_cluster')) as ok`));
        if (!turn?.ok) return;
        const [index] = rowsOf<{ name: string; clustered: boolean }>(
          await tx.execute(sql`select i.relname as name, x.indisclustered as clustered from pg_index x join pg_class i on i.oid = x.indexrelid
                                where x.indrelid = to_regclass(${name}) and x.indisprimary`),
        );
        if (!index || index.clustered) return;
        await tx.execute(sql`cluster ${sql.identifier(name)} using ${sql.identifier(index.name)}`);
        done.push(name);
      });
      // A rewritten table starts with no visibility map: vacuum it so counts stay index-only, and refresh its statistics.
      if (done.at(-1) === name) await db.execute(sql`vacuum (analyze) ${sql.identifier(name)}`);
    } catch (error) {
      if (!isLockTimeout(error)) throw error;
    }
  }
  return done;
}

/** Runs at start-up and then hourly (unref'd), so partitions always exist a week ahead. */
export function schedulePredictionMaintenance(db: TDb, intervalMs = 3_600_000): () => void {
  const run = () => maintainPredictionPartitions(db).catch((error) => console.error('prediction partition maintenance failed', error));
  void run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
