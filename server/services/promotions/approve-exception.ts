import type { z } from 'zod';
import { eq } from 'drizzle-orm';
import { datasets, datasetVersions, restrictedDataExceptions } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { transact } from '../../audit/transact';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import type { ZApproveExceptionSchema } from './schemas';

/**
 * A governance officer approves, with a reason, promoting models trained on a restricted
 * dataset version to production (DESIGN.md §3 rule 6). Once per version (409 after).
 */
export async function approveRestrictedException(ctx: TServiceContext, input: z.infer<typeof ZApproveExceptionSchema>) {
  const [version] = await ctx.db
    .select({ id: datasetVersions.id, classification: datasetVersions.classification, teamId: datasets.teamId, ownerId: datasets.ownerId })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(eq(datasetVersions.id, input.datasetVersionId));
  if (!version) throw new AppError('not_found', 'Dataset version not found.');
  await authorize(ctx, 'update', 'DatasetVersion', version);
  if (version.classification !== 'restricted') throw new AppError('invalid_input', `The version is ${version.classification ?? 'not yet classified'}, not restricted; it needs no exception.`);
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [created] = await tx
      .insert(restrictedDataExceptions)
      .values({ datasetVersionId: version.id, reason: input.reason, approvedBy: actorUserId(ctx.actor)! })
      .onConflictDoNothing()
      .returning();
    if (!created) throw new AppError('conflict', 'An exception for this dataset version was already approved.');
    audit.record({ action: 'dataset_version.exception_approved', subject: { type: 'DatasetVersion', id: version.id }, data: { datasetVersionId: version.id, reason: input.reason } });
    return created;
  });
}
