import { eq } from 'drizzle-orm';
import { datasetClassificationChanges, datasetVersions } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { transact } from '../../audit/transact';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import { readVersion } from './read-version';
import type { TChangeClassification } from './schemas';
import { findVersion } from './views';

/** A governance officer overrides what the scan decided, with a written reason; the change and its history row are audited together. */
export async function changeClassification(ctx: TServiceContext, input: TChangeClassification) {
  const found = await findVersion(ctx.db, input.versionId);
  await authorize(ctx, 'update', 'DatasetVersion', { id: input.versionId, teamId: found.teamId, ownerId: found.ownerId });
  await transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [locked] = await tx.select({ classification: datasetVersions.classification }).from(datasetVersions).where(eq(datasetVersions.id, input.versionId)).for('update');
    const from = locked!.classification;
    if (from === input.classification) throw new AppError('conflict', `The version is already ${from}.`);
    await tx.update(datasetVersions).set({ classification: input.classification }).where(eq(datasetVersions.id, input.versionId));
    await tx.insert(datasetClassificationChanges).values({
      versionId: input.versionId,
      fromClassification: from,
      toClassification: input.classification,
      reason: input.reason,
      changedBy: actorUserId(ctx.actor),
    });
    audit.record({
      action: 'dataset_version.classified',
      subject: { type: 'DatasetVersion', id: input.versionId },
      data: { from, to: input.classification, reason: input.reason, by: 'governance_officer', scanId: null },
    });
  });
  return readVersion(ctx, input.versionId);
}
