import type { z } from 'zod';
import { eq } from 'drizzle-orm';
import { promotionRequests } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { transact } from '../../audit/transact';
import { enqueueWebhook } from '../../webhooks/enqueue';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import { findPromotionRequest } from './find-request';
import { lockPromotionRequest } from './lock-request';
import type { ZRevokePromotionSchema } from './schemas';

/** A governance officer revokes an approval, with a reason: status turns `revoked`, pipelines stop. */
export async function revokePromotion(ctx: TServiceContext, input: z.infer<typeof ZRevokePromotionSchema>) {
  const found = await findPromotionRequest(ctx.db, input.id);
  await authorize(ctx, 'revoke', 'PromotionRequest', found.subject);
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    const locked = await lockPromotionRequest(tx, input.id);
    if (locked.state !== 'approved') throw new AppError('conflict', `Only an approved request can be revoked; this one is ${locked.state}.`);
    const [updated] = await tx
      .update(promotionRequests)
      .set({ state: 'revoked', revokedAt: new Date(), revokedBy: actorUserId(ctx.actor), revokeReason: input.reason })
      .where(eq(promotionRequests.id, input.id))
      .returning();
    audit.record({ action: 'promotion.revoked', subject: { type: 'PromotionRequest', id: input.id }, data: { reason: input.reason } });
    await enqueueWebhook(tx, 'promotion.revoked', {
      requestId: input.id,
      model: found.model,
      version: found.version,
      environment: found.environment,
      artifactSha256: locked.artifactSha256,
      reason: input.reason,
    });
    return updated!;
  });
}
