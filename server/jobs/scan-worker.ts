// Runs dataset scans from the queue: one at a time per process (scanning is CPU-bound; OCR has
// its own worker threads). A heartbeat on the scan row proves the worker alive and is where it
// learns of a cancellation; bad input fails the scan for good, anything else is retried by pg-boss.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type PgBoss from 'pg-boss';
import type { TDb } from '@/db/client';
import type { datasetVersions } from '@/db/schema';
import { ReadError } from '@/scanners/readers/errors';
import { createOcrPool, type TOcrPool } from '@/scanners/readers/ocr-pool';
import type { TReadLimits, TSource } from '@/scanners/readers/source';
import { scanFile } from '@/scanners/scan-file';
import { env } from '../env';
import { serviceContext, type TServiceContext } from '../services/context';
import { beatScan, claimScan, completeScan, failScan, type TClaimedScan } from '../services/datasets/scan-lifecycle';
import { getArtifactStore } from '../storage/runtime-store';
import { getJobQueue, SCAN_QUEUE, type TScanJobData } from './queue';
import { reapStaleScans, queueOutstandingScans } from './scan-reaper';

export interface TScanWorkerOptions {
  /** A worker silent this long is presumed dead and its scan retried (default 60 s). */
  staleSeconds?: number;
  heartbeatMs?: number;
  reapEveryMs?: number;
  pollingIntervalSeconds?: number;
  limits?: Partial<TReadLimits>;
  ocr?: TOcrPool;
}

/** Formats whose readers need random access get a local copy; the others stream from the store. */
const NEEDS_FILE = new Set(['zip', 'parquet']);

type TVersion = typeof datasetVersions.$inferSelect;

async function openVersion(version: TVersion): Promise<{ source: TSource; cleanup(): Promise<void> }> {
  const store = await getArtifactStore();
  const open = () => store.open(version.sha256);
  if (!NEEDS_FILE.has(version.format)) return { source: { name: version.fileName, size: version.sizeBytes, open }, cleanup: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'mg-scan-'));
  const path = join(dir, 'content');
  // The store's stream fails at the end if the bytes no longer match their hash.
  await pipeline(await open(), createWriteStream(path));
  return { source: { name: version.fileName, size: version.sizeBytes, open, path }, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Scans this process is running, with the means to stop them: its own reaper must never take them for dead. */
const running = new Map<string, { stop: AbortController; done: Promise<unknown> }>();

type TRunOptions = TScanWorkerOptions & { heartbeatMs: number; ocr: TOcrPool };

async function runScanJob(ctx: TServiceContext, job: PgBoss.JobWithMetadata<TScanJobData>, options: TRunOptions) {
  const claim = await claimScan(ctx, job.data.scanId);
  if (!claim) return;
  const stop = new AbortController();
  const done = scanClaimed(ctx, job, claim, stop, options);
  running.set(claim.scanId, { stop, done: done.catch(() => {}) });
  try {
    await done;
  } finally {
    running.delete(claim.scanId);
  }
}

async function scanClaimed(
  ctx: TServiceContext,
  job: PgBoss.JobWithMetadata<TScanJobData>,
  claim: TClaimedScan,
  stop: AbortController,
  options: TRunOptions,
) {
  console.log(`[scan] ${claim.scanId} started (attempt ${claim.attempt})`);
  let bytes = 0;
  const beat = setInterval(() => {
    beatScan(ctx, claim, bytes).then(
      (alive) => alive || stop.abort(new Error('The scan was cancelled or handed to another worker.')),
      (error: unknown) => console.error('[scan] heartbeat failed', error),
    );
  }, options.heartbeatMs);
  let opened: Awaited<ReturnType<typeof openVersion>> | undefined;
  try {
    opened = await openVersion(claim.version);
    const report = await scanFile(opened.source, { ocr: options.ocr, limits: options.limits, signal: stop.signal, onProgress: (n) => (bytes = n) });
    if (!stop.signal.aborted && (await completeScan(ctx, claim, report))) console.log(`[scan] ${claim.scanId} completed: ${report.classification}`);
  } catch (error) {
    if (stop.signal.aborted) return; // cancelled, or another worker has it: nothing of ours to record
    console.log(`[scan] ${claim.scanId} failed: ${(error as Error).message}`);
    const failed = { scanId: claim.scanId, versionId: claim.version.id, leaseId: claim.leaseId, attempt: claim.attempt };
    if (error instanceof ReadError) {
      // The file itself is the problem: a retry would fail the same way.
      await failScan(ctx, failed, { code: error.code, message: error.message, willRetry: false });
      return;
    }
    const willRetry = job.retryCount < job.retryLimit;
    await failScan(ctx, failed, { code: 'scan_error', message: (error as Error).message ?? String(error), willRetry });
    throw error;
  } finally {
    clearInterval(beat);
    await opened?.cleanup();
  }
}

export interface TScanWorkers {
  stop(): Promise<void>;
}

const sharedOcr = globalThis as { __modelgateOcr?: TOcrPool };

export async function startScanWorkers(db: TDb, options: TScanWorkerOptions = {}): Promise<TScanWorkers> {
  const settings = { staleSeconds: 60, heartbeatMs: 2_000, reapEveryMs: 10_000, pollingIntervalSeconds: 1, ...options };
  const ocr = options.ocr ?? (sharedOcr.__modelgateOcr ??= createOcrPool());
  const boss = await getJobQueue(db);
  const ctx = serviceContext(db, { type: 'system', job: 'dataset-scan' });
  await queueOutstandingScans(ctx, boss);
  await reapStaleScans(ctx, boss, settings.staleSeconds, { atStartup: true, ownScans: running });
  await boss.work<TScanJobData>(
    SCAN_QUEUE,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: settings.pollingIntervalSeconds },
    async ([job]) => runScanJob(ctx, job!, { ...settings, ocr }),
  );
  const reaper = setInterval(() => reapStaleScans(ctx, boss, settings.staleSeconds, { ownScans: running }).catch((e: unknown) => console.error('[scan] reaper', e)), settings.reapEveryMs);
  reaper.unref();
  return {
    /** Stops taking jobs and abandons running scans; their jobs are retried by the next worker. */
    async stop() {
      clearInterval(reaper);
      await boss.offWork(SCAN_QUEUE);
      for (const scan of running.values()) scan.stop.abort(new Error('The worker is stopping.'));
      await Promise.all([...running.values()].map((scan) => scan.done));
    },
  };
}

/** How the portal and `modelgate worker` start them: settings from the environment, failures logged, not thrown. */
export async function startScanWorkersFromEnv(db: TDb): Promise<TScanWorkers | undefined> {
  const staleSeconds = env().MODELGATE_SCAN_STALE_SECONDS;
  try {
    const workers = await startScanWorkers(db, { staleSeconds, heartbeatMs: Math.min(2_000, staleSeconds * 250), reapEveryMs: Math.min(10_000, staleSeconds * 500) });
    console.log('[scan] workers started');
    return workers;
  } catch (error) {
    console.error('[scan] workers did not start', error);
    return undefined;
  }
}
