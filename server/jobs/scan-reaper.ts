// Keeps scans from being lost. pg-boss 10 has no heartbeats (a job is "active" until its expiry),
// so the scan row carries one: a running scan whose heartbeat is older than `staleSeconds` belongs
// to a dead worker. Its job is failed in pg-boss, which retries it with backoff (or gives up after
// the retry limit, and then the scan is marked failed). Also queues scans for versions that have
// none and rescans versions scanned by an older SCANNER_VERSION.
import type PgBoss from 'pg-boss';
import { SCANNER_VERSION } from '@/scanners/version';
import { transact } from '../audit/transact';
import { toAppError } from '../errors';
import type { TServiceContext } from '../services/context';
import { failScan, findOutdatedVersions, findStaleScans, findUnscannedVersions } from '../services/datasets/scan-lifecycle';
import { queueScanInTx, type TScanCause } from '../services/datasets/scans';
import { authorize } from '../services/context';
import { isEmbedded, SCAN_QUEUE } from './queue';

export async function reapStaleScans(ctx: TServiceContext, boss: PgBoss, staleSeconds: number, { atStartup = false, ownScans = new Set<string>() as { has(scanId: string): boolean } } = {}) {
  // An embedded database has one process: at start-up every running scan is an orphan.
  const threshold = atStartup && isEmbedded(ctx.db) ? 0 : staleSeconds;
  for (const stale of await findStaleScans(ctx, threshold)) {
    if (ownScans.has(stale.scanId)) continue;
    const message = `The worker stopped reporting (no heartbeat for ${threshold} s); the scan is retried.`;
    await failScan(ctx, stale, { code: 'worker_lost', message, willRetry: true });
    if (!stale.jobId) continue;
    await boss.fail(SCAN_QUEUE, stale.jobId, { reason: 'worker_lost' });
    const job = await boss.getJobById(SCAN_QUEUE, stale.jobId);
    if (job?.state === 'failed') {
      await failScan(ctx, { ...stale, leaseId: null }, { code: 'worker_lost', message: 'The worker was lost and the retries are used up.', willRetry: false });
    }
  }
}

async function queueScan(ctx: TServiceContext, boss: PgBoss, versionId: string, bytesTotal: number, cause: TScanCause) {
  await authorize(ctx, 'create', 'DatasetScan');
  try {
    await transact(ctx.db, ctx.actor, (tx, audit) => queueScanInTx(tx, audit, boss, { versionId, bytesTotal, requestedBy: null, cause }));
  } catch (error) {
    // Another instance queued it first (one open scan per version).
    if (toAppError(error).code !== 'conflict') throw error;
  }
}

export async function queueOutstandingScans(ctx: TServiceContext, boss: PgBoss) {
  for (const v of await findUnscannedVersions(ctx)) await queueScan(ctx, boss, v.versionId, v.sizeBytes, 'upload');
  for (const v of await findOutdatedVersions(ctx, SCANNER_VERSION)) await queueScan(ctx, boss, v.versionId, v.sizeBytes, 'scanner_upgrade');
}
