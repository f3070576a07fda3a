import type { z } from 'zod';
import { promotionReviews } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { recordAudit, transact } from '../../audit/transact';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import { findPromotionRequest } from './find-request';
import { lockPromotionRequest, requirePending } from './lock-request';
import type { ZReviewPromotionSchema } from './schemas';
import { settlePromotion } from './settle';

/**
 * Records an approval or rejection and re-judges the request, under its row lock. Self-review
 * and the version creator's review are refused outright (DESIGN.md §3 rule 1); a second
 * review by the same person, or a review of a request already settled, is 409.
 */
export async function reviewPromotion(ctx: TServiceContext, input: z.infer<typeof ZReviewPromotionSchema>) {
  const found = await findPromotionRequest(ctx.db, input.id);
  await authorize(ctx, 'read', 'PromotionRequest', found.subject);
  const reviewerId = actorUserId(ctx.actor)!;
  const conflictOfInterest =
    reviewerId === found.request.requesterId ? 'nobody reviews their own request' : reviewerId === found.creatorId ? "the version's creator cannot review its promotion" : null;
  if (conflictOfInterest) {
    await recordAudit(ctx.db, ctx.actor, {
      action: 'access.denied',
      subject: { type: 'PromotionRequest', id: input.id },
      data: { action: `review:${input.decision}`, reason: conflictOfInterest },
      outcome: 'denied',
    });
    throw new AppError('forbidden', `Refused: ${conflictOfInterest}.`);
  }
  await authorize(ctx, 'create', 'PromotionReview', found.subject);
  const roles = ctx.actor.type === 'user' || ctx.actor.type === 'token' ? ctx.actor.roles : [];
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    const request = await lockPromotionRequest(tx, input.id);
    requirePending(request);
    const [review] = await tx
      .insert(promotionReviews)
      .values({ requestId: request.id, reviewerId, roles, decision: input.decision, comment: input.comment })
      .onConflictDoNothing()
      .returning();
    if (!review) throw new AppError('conflict', 'You have already reviewed this request; one person counts once.');
    audit.record({
      action: 'promotion.reviewed',
      subject: { type: 'PromotionRequest', id: request.id },
      data: { decision: input.decision, roles, comment: input.comment },
    });
    return settlePromotion(tx, audit, request, review.decidedAt);
  });
}
