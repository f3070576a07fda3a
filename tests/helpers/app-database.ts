import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TDatabase } from '@/db/client';
import { stopJobQueue } from '@/server/jobs/queue';
import { stopReportWorker } from '@/server/services/reports/report-worker';
import { getDatabase } from '@/server/runtime';
import { getPredictionRecorder } from '@/server/serving/prediction-recorder';
import { closeServingRuntimes } from '@/server/serving/runtimes';

/**
 * Points this test process's runtime database (the one route handlers and tRPC use) at a
 * fresh place: a new PostgreSQL database when DATABASE_URL is set, else a temporary PGlite
 * folder; artifacts under that folder. Demo data is seeded unless `demo` is false (then scan
 * workers are off too). Call once per test file, before anything reads the env.
 */
export async function openAppDatabase({ demo = true } = {}): Promise<TDatabase & { dataDir: string; cleanup(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mg-app-'));
  process.env.MODELGATE_DATA_DIR = dataDir;
  process.env.MODELGATE_SEED_DEMO = demo ? '1' : '0';
  if (!demo) process.env.MODELGATE_SCAN_WORKERS = '0';
  let drop = async () => {};
  if (process.env.DATABASE_URL) {
    const name = `mg_app_${randomBytes(5).toString('hex')}`;
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    drop = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  const database = await getDatabase();
  return {
    ...database,
    dataDir,
    async cleanup() {
      // Services that queue jobs (dataset uploads, rescans) start pg-boss; stop it before the database goes.
      // A report job still running would otherwise outlive the database.
      await stopReportWorker(database.db);
      await stopJobQueue(database.db);
      // Predictions through the REST routes start a serving runtime (a listener and a timer).
      await closeServingRuntimes();
      await getPredictionRecorder(database).close();
      await database.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
