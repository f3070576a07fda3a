import type { z } from 'zod';
import { eq } from 'drizzle-orm';
import { accessGrants, accessRequests } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { transact } from '../../audit/transact';
import { enqueueWebhook } from '../../webhooks/enqueue';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import { ACCESS_POLICY } from './access-policy';
import { decideAccessRequest } from './decide';
import { findDataset } from './find-dataset';
import type { ZDecideAccessSchema } from './schemas';

/**
 * The dataset's owner or a governance officer approves or rejects, once: under the request's
 * row lock, so of concurrent deciders one wins and the others get 409. Approval creates the grant.
 */
export async function decideAccess(ctx: TServiceContext, input: z.infer<typeof ZDecideAccessSchema>) {
  const [request] = await ctx.db.select().from(accessRequests).where(eq(accessRequests.id, input.id));
  if (!request) throw new AppError('not_found', 'Access request not found.');
  const dataset = await findDataset(ctx.db, request.datasetId);
  await authorize(ctx, 'update', 'AccessRequest', { id: request.id, teamId: dataset.teamId, ownerId: dataset.ownerId, requesterId: request.requesterId });
  const reviewerId = actorUserId(ctx.actor)!;
  const roles = ctx.actor.type === 'user' || ctx.actor.type === 'token' ? ctx.actor.roles : [];
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [locked] = await tx.select().from(accessRequests).where(eq(accessRequests.id, input.id)).for('update');
    const decidedAt = new Date();
    const decision = decideAccessRequest(
      ACCESS_POLICY,
      { id: locked!.id, requesterId: locked!.requesterId, datasetOwnerIds: [dataset.ownerId], requestedDays: locked!.requestedDays, state: locked!.state },
      { reviewerId, roles, decision: input.decision, decidedAt },
    );
    if (decision.outcome === 'refused') throw new AppError(decision.why === 'already-decided' ? 'conflict' : 'forbidden', `Refused: ${decision.reason}.`);
    const reason = input.comment ? `${decision.reason}: ${input.comment}` : decision.reason;
    const [updated] = await tx
      .update(accessRequests)
      .set({ state: decision.outcome, decidedBy: reviewerId, decidedAt, decisionReason: reason })
      .where(eq(accessRequests.id, input.id))
      .returning();
    const subject = { type: 'AccessRequest', id: input.id };
    if (decision.outcome === 'rejected') {
      audit.record({ action: 'access.rejected', subject, data: { datasetId: dataset.id, reason } });
      return { request: updated!, grant: null };
    }
    const [grant] = await tx
      .insert(accessGrants)
      .values({ requestId: input.id, datasetId: dataset.id, userId: locked!.requesterId, startsAt: decision.grant.startsAt, expiresAt: decision.grant.expiresAt })
      .returning();
    audit.record({
      action: 'access.approved',
      subject,
      data: { datasetId: dataset.id, grantId: grant!.id, userId: grant!.userId, expiresAt: grant!.expiresAt.toISOString(), reason },
    });
    await enqueueWebhook(tx, 'access.granted', { grantId: grant!.id, datasetId: dataset.id, dataset: dataset.name, userId: grant!.userId, expiresAt: grant!.expiresAt.toISOString() });
    return { request: updated!, grant: grant! };
  });
}
