// Scan jobs: cancellation (queued and running) and retries after a failure that is not the file's fault.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TDatabase } from '@/db/client';
import { stopJobQueue } from '@/server/jobs/queue';
import { startScanWorkers, type TScanWorkers } from '@/server/jobs/scan-worker';
import { serviceContext, type TServiceContext } from '@/server/services/context';
import { cancelScan, createDataset, readVersion, uploadDatasetVersion } from '@/server/services/datasets';
import { customersCsv, streamOf, waitForScan } from './helpers/datasets';
import { openSharedDatabase, seedTeam } from './helpers/scan-fixture';

const dataDir = mkdtempSync(join(tmpdir(), 'mg-jobs-'));
process.env.MODELGATE_DATA_DIR = dataDir;
process.env.MODELGATE_SCAN_RETRY_DELAY_SECONDS = '1';

let shared: Awaited<ReturnType<typeof openSharedDatabase>>;
let database: TDatabase;
let ctx: TServiceContext;
let datasetId: string;
let workers: TScanWorkers | undefined;

const start = async () => (workers = await startScanWorkers(database.db, { heartbeatMs: 100, pollingIntervalSeconds: 0.5 }));
const stop = async () => (await workers?.stop(), (workers = undefined));

before(async () => {
  shared = await openSharedDatabase(join(dataDir, 'pglite'));
  database = await shared.open();
  const team = await seedTeam(database);
  ctx = serviceContext(database.db, team.scientist);
  datasetId = (await createDataset(ctx, { teamId: team.teamId, ownerId: team.ownerId, name: 'jobs', description: '' })).id;
});
after(async () => {
  await stop();
  await stopJobQueue(database.db);
  await database.close();
  await shared.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(50);
  }
}

test('a queued scan that is cancelled never runs', async () => {
  await stop();
  const version = await uploadDatasetVersion(ctx, datasetId, 'queued.csv', streamOf(customersCsv(50)));
  const cancelled = await cancelScan(ctx, version.id);
  assert.equal(cancelled.scan?.status, 'cancelled');
  await start();
  await sleep(1500);
  const later = await readVersion(ctx, version.id);
  assert.equal(later.scan?.status, 'cancelled');
  assert.equal(later.scan?.attempts, 0, 'no worker claimed it');
  assert.equal(later.classification, null);
});

test('a running scan that is cancelled stops, records nothing, and frees the worker', async () => {
  if (!workers) await start();
  const version = await uploadDatasetVersion(ctx, datasetId, 'running.csv', streamOf(customersCsv(30_000, 4)));
  await until('scan running with progress', async () => {
    const v = await readVersion(ctx, version.id);
    return v.scan?.status === 'running' && v.scan.bytesRead > 0;
  });
  const cancelled = await cancelScan(ctx, version.id);
  assert.equal(cancelled.scan?.status, 'cancelled');
  const next = await uploadDatasetVersion(ctx, datasetId, 'next.csv', streamOf(customersCsv(20)));
  assert.equal((await waitForScan(ctx, next.id)).scan?.status, 'completed', 'the worker moved on');
  const after = await readVersion(ctx, version.id);
  assert.equal(after.scan?.status, 'cancelled');
  assert.equal(after.findings.length, 0);
  assert.equal(after.classification, null);
});

test('a scan that fails for a passing reason (its stored file missing) is retried and completes', async () => {
  await stop();
  const version = await uploadDatasetVersion(ctx, datasetId, 'retry.csv', streamOf(customersCsv(40)));
  const stored = join(dataDir, 'artifacts', version.storageKey);
  const bytes = readFileSync(stored);
  renameSync(stored, `${stored}.away`);
  await start();
  const failedOnce = await until('first attempt failed', async () => {
    const v = await readVersion(ctx, version.id);
    return v.scan?.attempts === 1 && v.scan.status === 'queued' && v.scan.errorCode === 'scan_error' && v;
  });
  assert.match(failedOnce.scan!.errorMessage ?? '', /No artifact/);
  writeFileSync(stored, bytes);
  const done = await waitForScan(ctx, version.id);
  assert.equal(done.scan?.status, 'completed');
  assert.equal(done.scan?.attempts, 2);
  assert.equal(done.classification, 'restricted');
});
