import type { Readable } from 'node:stream';
import { eq, max } from 'drizzle-orm';
import { datasets, datasetVersions } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { ReadError } from '@/scanners/readers/errors';
import { sniffFormat } from '@/scanners/readers/read-any';
import { fileSource } from '@/scanners/readers/source';
import { transact } from '../../audit/transact';
import { AppError } from '../../errors';
import { getJobQueue } from '../../jobs/queue';
import { StorageError } from '../../storage/errors';
import { getArtifactStore } from '../../storage/runtime-store';
import { authorize, type TServiceContext } from '../context';
import { readVersion } from './read-version';
import { queueScanInTx } from './scans';
import { findDataset } from './views';

function asUploadError(error: unknown): never {
  if (error instanceof StorageError && error.code === 'payload_too_large') throw new AppError('payload_too_large', error.message);
  throw error;
}

/**
 * Stores an upload as the dataset's next version and queues its scan. The bytes stream to a
 * temp file while hashed; a file that cannot be a dataset (empty, binary under a text name) is
 * refused there. The version row, its scan row and the scan job commit in one transaction.
 * `queueScan: false` (the demo seed, before the queue runs) leaves the scan to the workers'
 * start-up sweep of unscanned versions.
 */
export async function uploadDatasetVersion(ctx: TServiceContext, datasetId: string, fileName: string, content: Readable, { queueScan = true } = {}) {
  const dataset = await findDataset(ctx.db, datasetId);
  await authorize(ctx, 'create', 'DatasetVersion', { id: null, teamId: dataset.teamId, ownerId: dataset.ownerId });
  const boss = queueScan ? await getJobQueue(ctx.db) : null;
  const store = await getArtifactStore();
  const staged = await store.stage(content).catch(asUploadError);
  try {
    const format = await sniffFormat(fileSource(staged.path, staged.size, fileName)).catch((error: unknown) => {
      if (error instanceof ReadError) throw new AppError('unreadable_file', error.message, { reason: error.code });
      throw error;
    });
    const stored = await staged.commit();
    const versionId = await transact(ctx.db, ctx.actor, async (tx, audit) => {
      // The dataset row lock numbers concurrent uploads 1, 2, 3 … without gaps or repeats.
      await tx.select({ id: datasets.id }).from(datasets).where(eq(datasets.id, dataset.id)).for('update');
      const [{ latest } = { latest: 0 }] = await tx.select({ latest: max(datasetVersions.number) }).from(datasetVersions).where(eq(datasetVersions.datasetId, dataset.id));
      const number = (latest ?? 0) + 1;
      const [version] = await tx
        .insert(datasetVersions)
        .values({ datasetId: dataset.id, number, fileName, sha256: stored.sha256, sizeBytes: stored.size, format, storageKey: stored.key, createdBy: actorUserId(ctx.actor)! })
        .returning({ id: datasetVersions.id });
      audit.record({
        action: 'dataset_version.created',
        subject: { type: 'DatasetVersion', id: version!.id },
        data: { datasetId: dataset.id, dataset: dataset.name, number, fileName, sha256: stored.sha256, size: stored.size, format },
      });
      if (boss) await queueScanInTx(tx, audit, boss, { versionId: version!.id, bytesTotal: stored.size, requestedBy: actorUserId(ctx.actor), cause: 'upload' });
      return version!.id;
    });
    return readVersion(ctx, versionId);
  } finally {
    await staged.discard();
  }
}
