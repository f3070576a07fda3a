import type { z } from 'zod';
import { accessRequests } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { transact } from '../../audit/transact';
import { authorize, type TServiceContext } from '../context';
import { findDataset } from './find-dataset';
import type { ZRequestAccessSchema } from './schemas';

/** A scientist or engineer asks to read a dataset's content, for a purpose and a number of days. */
export async function requestAccess(ctx: TServiceContext, input: z.infer<typeof ZRequestAccessSchema>) {
  const dataset = await findDataset(ctx.db, input.datasetId);
  await authorize(ctx, 'read', 'Dataset', dataset);
  const requesterId = actorUserId(ctx.actor)!;
  await authorize(ctx, 'create', 'AccessRequest', { teamId: dataset.teamId, ownerId: dataset.ownerId, requesterId });
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [created] = await tx
      .insert(accessRequests)
      .values({ datasetId: dataset.id, requesterId, purpose: input.purpose, requestedDays: input.days })
      .returning();
    audit.record({
      action: 'access.requested',
      subject: { type: 'AccessRequest', id: created!.id },
      data: { datasetId: dataset.id, purpose: input.purpose, requestedDays: input.days },
    });
    return created!;
  });
}
