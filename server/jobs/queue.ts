// Durable jobs with pg-boss 10 in the application's own database.
//
// Why pg-boss: it is a maintained PostgreSQL queue (SKIP LOCKED fetch, retries with backoff,
// expiry, cancellation, archiving) that runs on Node 20, and its `db: { executeSql }` option lets
// us hand it the connection the app already has: the postgres-js pool, or PGlite, which is one
// in-process connection and cannot be opened twice (its schema, partitions and PL/pgSQL
// functions all work there). Per-call `db` lets a job be sent inside our Drizzle transaction, so a
// version row and its scan job commit together. pg-boss 10 has no heartbeats; scan-reaper.ts adds
// them on the scan row (see there).
import { randomUUID } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { Sql } from 'postgres';
import { rowsOf, type TDb, type TTx } from '@/db/client';
import { env } from '../env';

export const SCAN_QUEUE = 'dataset-scan';

export interface TScanJobData {
  scanId: string;
}

/** Retries of a scan that failed for a reason other than its input (storage, a crashed worker): 3 more, backing off. */
const SCAN_RETRY_LIMIT = 3;
/** pg-boss's own expiry is only a backstop: the scan heartbeat detects dead workers much sooner. */
const SCAN_EXPIRE_SECONDS = 4 * 3600;

/** pg-boss hands JSON payloads over as objects; the drivers here take them as JSON text (cast to jsonb by its SQL). */
const asParameter = (value: unknown) =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) ? JSON.stringify(value) : (value ?? null);

function postgresExecutor(client: Sql): PgBoss.Db {
  return {
    async executeSql(text, values) {
      if (values?.length) return { rows: [...(await client.unsafe(text, values.map(asParameter) as never[]))] };
      // Several statements in one string (pg-boss's migrations, wrapped in BEGIN … COMMIT) need the
      // simple protocol on one connection of their own.
      const connection = await client.reserve();
      try {
        const result = [...(await connection.unsafe(text).simple())] as unknown[];
        // One statement gives its rows; several give one array of rows per statement.
        return { rows: Array.isArray(result[0]) ? (result.at(-1) as unknown[]) : result };
      } finally {
        connection.release();
      }
    },
  };
}

function pgliteExecutor(client: PGlite): PgBoss.Db {
  return {
    async executeSql(text, values) {
      if (values?.length) return client.query(text, values);
      // pg-boss sends migrations as several statements in one string, which only exec() accepts.
      const results = await client.exec(text);
      return results[results.length - 1] ?? { rows: [] };
    },
  };
}

/** Runs pg-boss's SQL inside a Drizzle transaction: `$n` placeholders become bound parameters (sql.param, so arrays stay arrays). */
export function transactionExecutor(tx: TTx): PgBoss.Db {
  return {
    async executeSql(text, values = []) {
      const chunks = text.split(/\$(\d+)/).map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql.param(asParameter(values[Number(part) - 1]))));
      return { rows: rowsOf(await tx.execute(sql.join(chunks))) };
    },
  };
}

const started = new WeakMap<TDb, Promise<PgBoss>>();

/** The process's pg-boss for this database, started (schema created or migrated) on first use. */
export function getJobQueue(database: TDb): Promise<PgBoss> {
  let boss = started.get(database);
  if (!boss) {
    boss = (async () => {
      const options: PgBoss.ConstructorOptions = { monitorStateIntervalSeconds: 60, maintenanceIntervalSeconds: 60 };
      const client = (database as unknown as { $client: PGlite | Sql }).$client;
      const db = 'unsafe' in client ? postgresExecutor(client) : pgliteExecutor(client);
      const instance = new PgBoss({ ...options, db });
      instance.on('error', (error) => console.error('[jobs]', error));
      await instance.start();
      await instance.createQueue(SCAN_QUEUE).catch(ignoreExists);
      return instance;
    })();
    boss.catch(() => started.delete(database));
    started.set(database, boss);
  }
  return boss;
}

export async function stopJobQueue(database: TDb): Promise<void> {
  const boss = started.get(database);
  started.delete(database);
  if (boss) await (await boss).stop({ graceful: false, wait: true, close: false });
}

/** Queues a scan job in the caller's transaction; returns the job id stored on the scan row. */
export async function sendScanJob(boss: PgBoss, tx: TTx, data: TScanJobData): Promise<string> {
  const id = randomUUID();
  const retry = { retryLimit: SCAN_RETRY_LIMIT, retryDelay: env().MODELGATE_SCAN_RETRY_DELAY_SECONDS, retryBackoff: true };
  await boss.send(SCAN_QUEUE, data, { id, ...retry, expireInSeconds: SCAN_EXPIRE_SECONDS, db: transactionExecutor(tx) });
  return id;
}

/** PGlite: one process owns the database, so no other worker can be alive. */
export function isEmbedded(db: TDb): boolean {
  return !('unsafe' in (db as unknown as { $client: object }).$client);
}

function ignoreExists(error: Error): void {
  if (!/already exists/.test(error.message)) throw error;
}
