// The scan worker's side of a scan: claim it under a fresh lease, beat the heart while it runs,
// then record the result or the failure. Every write checks the lease, so a worker that was
// presumed dead (and whose scan was handed to another) can no longer change anything.
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { datasetClassificationChanges, datasetFindings, datasetScans, datasetVersions } from '@/db/schema';
import type { TScanReport } from '@/scanners/scan-file';
import type { TFinding } from '@/scanners/types';
import { transact } from '../../audit/transact';
import { authorize, type TServiceContext } from '../context';
import { findVersion } from './views';

export interface TClaimedScan {
  scanId: string;
  leaseId: string;
  attempt: number;
  version: typeof datasetVersions.$inferSelect;
}

/** Takes the scan for this worker, or returns null when it is no longer wanted (cancelled, finished). */
export async function claimScan(ctx: TServiceContext, scanId: string): Promise<TClaimedScan | null> {
  const [scan] = await ctx.db.select().from(datasetScans).where(eq(datasetScans.id, scanId));
  if (!scan) return null;
  const { version, teamId, ownerId } = await findVersion(ctx.db, scan.versionId);
  await authorize(ctx, 'read', 'DatasetVersion', { id: version.id, teamId, ownerId });
  await authorize(ctx, 'update', 'DatasetScan', { id: scanId, teamId, ownerId });
  const leaseId = randomUUID();
  const attempt = await transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [locked] = await tx.select().from(datasetScans).where(eq(datasetScans.id, scanId)).for('update');
    if (locked!.status !== 'queued' && locked!.status !== 'running') {
      // Nothing changes, but transact() needs an event: record that the job found its scan closed.
      audit.record({ action: 'dataset_scan.failed', subject: { type: 'DatasetScan', id: scanId }, data: { versionId: version.id, code: 'not_open', message: `The scan is ${locked!.status}; the job ends.`, attempt: locked!.attempts, willRetry: false } });
      return null;
    }
    const next = locked!.attempts + 1;
    await tx
      .update(datasetScans)
      .set({ status: 'running', leaseId, attempts: next, heartbeatAt: sql`now()`, startedAt: locked!.startedAt ?? sql`now()`, bytesRead: 0, errorCode: null, errorMessage: null })
      .where(eq(datasetScans.id, scanId));
    audit.record({ action: 'dataset_scan.started', subject: { type: 'DatasetScan', id: scanId }, data: { versionId: version.id, attempt: next } });
    return next;
  });
  return attempt === null ? null : { scanId, leaseId, attempt, version };
}

/**
 * Progress and liveness. Telemetry, not a governance change, so no audit event (like a token's
 * last use). False when the lease is lost or the scan was cancelled: the worker must stop.
 */
export async function beatScan(ctx: TServiceContext, claim: TClaimedScan, bytesRead: number): Promise<boolean> {
  const rows = await ctx.db
    .update(datasetScans)
    .set({ bytesRead: Math.min(bytesRead, claim.version.sizeBytes), heartbeatAt: sql`now()` })
    .where(and(eq(datasetScans.id, claim.scanId), eq(datasetScans.leaseId, claim.leaseId), eq(datasetScans.status, 'running')))
    .returning({ id: datasetScans.id });
  return rows.length === 1;
}

function locationText(location: TFinding['location']): string {
  const base = location.kind === 'column' ? location.column : location.kind === 'page' ? `page ${location.page}` : location.line !== undefined ? `text from line ${location.line}` : 'text';
  return location.member ? `${location.member}: ${base}` : base;
}

/** Stores findings (masked samples only), the table shape, and the classification the scan arrived at. */
export async function completeScan(ctx: TServiceContext, claim: TClaimedScan, report: TScanReport): Promise<boolean> {
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [locked] = await tx.select().from(datasetScans).where(eq(datasetScans.id, claim.scanId)).for('update');
    if (locked!.leaseId !== claim.leaseId || locked!.status !== 'running') {
      audit.record({ action: 'dataset_scan.failed', subject: { type: 'DatasetScan', id: claim.scanId }, data: { versionId: claim.version.id, code: 'lease_lost', message: 'Another worker holds the scan; this result was dropped.', attempt: claim.attempt, willRetry: false } });
      return false;
    }
    if (report.findings.length) {
      await tx.insert(datasetFindings).values(
        report.findings.map((f) => ({
          scanId: claim.scanId,
          locationKind: f.location.kind,
          location: locationText(f.location),
          entityType: f.entityType,
          count: f.count,
          confidence: f.confidence,
          detector: f.detector,
          explanation: f.explanation,
          maskedSamples: f.maskedSamples,
        })),
      );
    }
    const reasons = [...report.reasons, ...report.warnings];
    await tx
      .update(datasetScans)
      .set({ status: 'completed', bytesRead: claim.version.sizeBytes, heartbeatAt: sql`now()`, finishedAt: sql`now()`, leaseId: null, reasons })
      .where(eq(datasetScans.id, claim.scanId));
    const [current] = await tx.select({ classification: datasetVersions.classification }).from(datasetVersions).where(eq(datasetVersions.id, claim.version.id)).for('update');
    const [lastChange] = await tx
      .select({ changedBy: datasetClassificationChanges.changedBy })
      .from(datasetClassificationChanges)
      .where(eq(datasetClassificationChanges.versionId, claim.version.id))
      .orderBy(desc(datasetClassificationChanges.changedAt))
      .limit(1);
    // A governance officer's decision stands over a later rescan; the scan's view is in its reasons.
    const overridden = lastChange?.changedBy != null;
    await tx
      .update(datasetVersions)
      .set({ rowCount: report.rowCount, columns: report.columns, ...(overridden ? {} : { classification: report.classification }) })
      .where(eq(datasetVersions.id, claim.version.id));
    audit.record({
      action: 'dataset_scan.completed',
      subject: { type: 'DatasetScan', id: claim.scanId },
      data: { versionId: claim.version.id, findings: report.findings.length, rowCount: report.rowCount, classification: report.classification },
    });
    if (!overridden && current!.classification !== report.classification) {
      const reason = report.reasons[0] ?? 'Set by the PII scan.';
      await tx.insert(datasetClassificationChanges).values({ versionId: claim.version.id, fromClassification: current!.classification, toClassification: report.classification, reason, scanId: claim.scanId });
      audit.record({
        action: 'dataset_version.classified',
        subject: { type: 'DatasetVersion', id: claim.version.id },
        data: { from: current!.classification, to: report.classification, reason, by: 'scan', scanId: claim.scanId },
      });
    }
    return true;
  });
}

/** Records a failed attempt: queued again when the job will be retried, failed for good otherwise. */
export async function failScan(
  ctx: TServiceContext,
  scan: { scanId: string; versionId: string; leaseId: string | null; attempt: number },
  failure: { code: string; message: string; willRetry: boolean },
): Promise<void> {
  await transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [locked] = await tx.select().from(datasetScans).where(eq(datasetScans.id, scan.scanId)).for('update');
    const ours = scan.leaseId === null ? locked!.leaseId === null || locked!.status === 'queued' : locked!.leaseId === scan.leaseId;
    const open = locked!.status === 'queued' || locked!.status === 'running';
    if (ours && open) {
      await tx
        .update(datasetScans)
        .set({
          status: failure.willRetry ? 'queued' : 'failed',
          leaseId: null,
          errorCode: failure.code,
          errorMessage: failure.message,
          ...(failure.willRetry ? {} : { finishedAt: sql`now()` }),
        })
        .where(eq(datasetScans.id, scan.scanId));
    }
    audit.record({
      action: 'dataset_scan.failed',
      subject: { type: 'DatasetScan', id: scan.scanId },
      data: { versionId: scan.versionId, code: failure.code, message: failure.message, attempt: scan.attempt, willRetry: failure.willRetry && ours && open },
    });
  });
}

/** Running scans whose worker stopped beating: crashed, killed, or cut off from the database. */
export async function findStaleScans(ctx: TServiceContext, staleSeconds: number) {
  return ctx.db
    .select({ scanId: datasetScans.id, versionId: datasetScans.versionId, jobId: datasetScans.jobId, leaseId: datasetScans.leaseId, attempt: datasetScans.attempts })
    .from(datasetScans)
    .where(and(eq(datasetScans.status, 'running'), lt(datasetScans.heartbeatAt, sql`now() - make_interval(secs => ${staleSeconds})`)));
}

/** Versions that were never scanned (the demo seed stores them before the queue is up). */
export async function findUnscannedVersions(ctx: TServiceContext) {
  return ctx.db
    .select({ versionId: datasetVersions.id, sizeBytes: datasetVersions.sizeBytes })
    .from(datasetVersions)
    .where(sql`not exists (select 1 from ${datasetScans} where ${datasetScans.versionId} = ${datasetVersions.id})`);
}

/** Versions whose newest scan ran with an older scanner and that have no scan open. */
export async function findOutdatedVersions(ctx: TServiceContext, scannerVersion: string) {
  const latest = ctx.db
    .selectDistinctOn([datasetScans.versionId], { versionId: datasetScans.versionId, scannerVersion: datasetScans.scannerVersion, status: datasetScans.status })
    .from(datasetScans)
    .orderBy(datasetScans.versionId, desc(datasetScans.createdAt))
    .as('latest');
  const rows = await ctx.db
    .select({ versionId: latest.versionId, sizeBytes: datasetVersions.sizeBytes })
    .from(latest)
    .innerJoin(datasetVersions, eq(datasetVersions.id, latest.versionId))
    .where(and(inArray(latest.status, ['completed', 'failed']), sql`${latest.scannerVersion} <> ${scannerVersion}`));
  return rows;
}
