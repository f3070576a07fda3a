import type { z } from 'zod';
import { eq } from 'drizzle-orm';
import { promotionRequests } from '@/db/schema';
import { transact } from '../../audit/transact';
import { authorize, type TServiceContext } from '../context';
import { findPromotionRequest } from './find-request';
import { lockPromotionRequest, requirePending } from './lock-request';
import type { ZWithdrawPromotionSchema } from './schemas';

/** The requester takes back a pending request; a request approved a moment earlier stays approved (409). */
export async function withdrawPromotion(ctx: TServiceContext, input: z.infer<typeof ZWithdrawPromotionSchema>) {
  const found = await findPromotionRequest(ctx.db, input.id);
  await authorize(ctx, 'update', 'PromotionRequest', found.subject);
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    requirePending(await lockPromotionRequest(tx, input.id));
    const [updated] = await tx
      .update(promotionRequests)
      .set({ state: 'withdrawn', decidedAt: new Date() })
      .where(eq(promotionRequests.id, input.id))
      .returning();
    audit.record({ action: 'promotion.withdrawn', subject: { type: 'PromotionRequest', id: input.id }, data: { reason: input.reason } });
    return updated!;
  });
}
