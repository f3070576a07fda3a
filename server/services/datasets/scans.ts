// Scans as people see them: queue a rescan, cancel a running one. The worker's side is in scan-lifecycle.ts.
import { and, eq, inArray } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { TTx } from '@/db/client';
import { datasetScans } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { SCANNER_VERSION } from '@/scanners/version';
import { transact, type TAuditSink } from '../../audit/transact';
import { AppError } from '../../errors';
import { getJobQueue, SCAN_QUEUE, sendScanJob, transactionExecutor } from '../../jobs/queue';
import { authorize, type TServiceContext } from '../context';
import { readVersion } from './read-version';
import { findVersion } from './views';

export type TScanCause = 'upload' | 'rescan' | 'scanner_upgrade';

/** Inserts a queued scan and its job in the caller's transaction, so neither exists without the other. */
export async function queueScanInTx(
  tx: TTx,
  audit: TAuditSink,
  boss: PgBoss,
  scan: { versionId: string; bytesTotal: number; requestedBy: string | null; cause: TScanCause },
): Promise<string> {
  const [row] = await tx
    .insert(datasetScans)
    .values({ versionId: scan.versionId, bytesTotal: scan.bytesTotal, scannerVersion: SCANNER_VERSION, requestedBy: scan.requestedBy })
    .returning({ id: datasetScans.id });
  const jobId = await sendScanJob(boss, tx, { scanId: row!.id });
  await tx.update(datasetScans).set({ jobId }).where(eq(datasetScans.id, row!.id));
  audit.record({
    action: 'dataset_scan.queued',
    subject: { type: 'DatasetScan', id: row!.id },
    data: { versionId: scan.versionId, scannerVersion: SCANNER_VERSION, cause: scan.cause },
  });
  return row!.id;
}

export async function requestRescan(ctx: TServiceContext, versionId: string) {
  const found = await findVersion(ctx.db, versionId);
  await authorize(ctx, 'create', 'DatasetScan', { id: null, teamId: found.teamId, ownerId: found.ownerId });
  const openScan = () => ctx.db.select({ id: datasetScans.id }).from(datasetScans).where(and(eq(datasetScans.versionId, versionId), inArray(datasetScans.status, ['queued', 'running'])));
  if ((await openScan()).length) throw new AppError('conflict', 'A scan of this version is already queued or running.');
  const boss = await getJobQueue(ctx.db);
  await transact(ctx.db, ctx.actor, async (tx, audit) => {
    // A racing request that queued first loses here on the one-open-scan-per-version index (409).
    await queueScanInTx(tx, audit, boss, { versionId, bytesTotal: found.version.sizeBytes, requestedBy: actorUserId(ctx.actor), cause: 'rescan' });
  });
  return readVersion(ctx, versionId);
}

/** Stops the version's open scan: a queued job is cancelled in pg-boss, a running worker sees it at its next heartbeat. */
export async function cancelScan(ctx: TServiceContext, versionId: string) {
  const found = await findVersion(ctx.db, versionId);
  const [scan] = await ctx.db.select().from(datasetScans).where(and(eq(datasetScans.versionId, versionId), inArray(datasetScans.status, ['queued', 'running'])));
  await authorize(ctx, 'update', 'DatasetScan', { id: scan?.id ?? null, teamId: found.teamId, ownerId: found.ownerId });
  if (!scan) throw new AppError('conflict', 'This version has no queued or running scan.');
  // Scans queued without a job (none yet) need no queue to be cancelled.
  const boss = scan.jobId ? await getJobQueue(ctx.db) : null;
  await transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [locked] = await tx.select({ status: datasetScans.status }).from(datasetScans).where(eq(datasetScans.id, scan.id)).for('update');
    if (locked!.status !== 'queued' && locked!.status !== 'running') throw new AppError('conflict', `The scan is already ${locked!.status}.`);
    await tx.update(datasetScans).set({ status: 'cancelled', leaseId: null, finishedAt: new Date() }).where(eq(datasetScans.id, scan.id));
    if (boss && scan.jobId) await boss.cancel(SCAN_QUEUE, scan.jobId, { db: transactionExecutor(tx) });
    audit.record({ action: 'dataset_scan.cancelled', subject: { type: 'DatasetScan', id: scan.id }, data: { versionId } });
  });
  return readVersion(ctx, versionId);
}
