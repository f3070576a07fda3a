import type { z } from 'zod';
import { eq } from 'drizzle-orm';
import { accessGrants } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { transact } from '../../audit/transact';
import { enqueueWebhook } from '../../webhooks/enqueue';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import { findDataset } from './find-dataset';
import type { ZRevokeGrantSchema } from './schemas';

/** The owner or a governance officer ends a grant early, with a reason; reads stop at once. */
export async function revokeGrant(ctx: TServiceContext, input: z.infer<typeof ZRevokeGrantSchema>) {
  const [grant] = await ctx.db.select().from(accessGrants).where(eq(accessGrants.id, input.id));
  if (!grant) throw new AppError('not_found', 'Grant not found.');
  const dataset = await findDataset(ctx.db, grant.datasetId);
  await authorize(ctx, 'revoke', 'AccessGrant', { id: grant.id, teamId: dataset.teamId, ownerId: dataset.ownerId, userId: grant.userId });
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [locked] = await tx.select().from(accessGrants).where(eq(accessGrants.id, input.id)).for('update');
    if (locked!.revokedAt) throw new AppError('conflict', 'The grant is already revoked.');
    const [updated] = await tx
      .update(accessGrants)
      .set({ revokedAt: new Date(), revokedBy: actorUserId(ctx.actor), revokeReason: input.reason })
      .where(eq(accessGrants.id, input.id))
      .returning();
    audit.record({ action: 'access.grant_revoked', subject: { type: 'AccessGrant', id: input.id }, data: { datasetId: dataset.id, userId: grant.userId, reason: input.reason } });
    await enqueueWebhook(tx, 'access.revoked', { grantId: input.id, datasetId: dataset.id, dataset: dataset.name, userId: grant.userId, reason: input.reason });
    return updated!;
  });
}
