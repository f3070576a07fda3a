import { asc, eq } from 'drizzle-orm';
import { promotionReviews, users } from '@/db/schema';
import { authorize, type TServiceContext } from '../context';
import { findPromotionRequest } from './find-request';
import { loadCurrentPolicy } from './policy';

export type TTimelineEntry = { at: Date; who: string | null; what: string };

/** A request page: the request, its reviews, the policy now in force, and a timeline of who did what when. */
export async function readPromotion(ctx: TServiceContext, input: { id: string }) {
  const found = await findPromotionRequest(ctx.db, input.id);
  await authorize(ctx, 'read', 'PromotionRequest', found.subject);
  const { request } = found;
  const reviews = await ctx.db
    .select({ reviewerId: promotionReviews.reviewerId, name: users.name, roles: promotionReviews.roles, decision: promotionReviews.decision, comment: promotionReviews.comment, decidedAt: promotionReviews.decidedAt })
    .from(promotionReviews)
    .innerJoin(users, eq(users.id, promotionReviews.reviewerId))
    .where(eq(promotionReviews.requestId, request.id))
    .orderBy(asc(promotionReviews.decidedAt));
  const people = await ctx.db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, request.requesterId));
  const timeline: TTimelineEntry[] = [
    { at: request.createdAt, who: people[0]?.name ?? null, what: `requested promotion to ${found.environment} under policy version ${request.policyVersion}` },
    ...reviews.map((r) => ({ at: r.decidedAt, who: r.name, what: `${r.decision === 'approve' ? 'approved' : 'rejected'} as ${r.roles.join(', ')}${r.comment ? `: ${r.comment}` : ''}` })),
  ];
  if (request.decidedAt && request.state !== 'revoked') timeline.push({ at: request.decidedAt, who: null, what: `became ${request.state}` });
  if (request.state === 'revoked') {
    timeline.push({ at: request.decidedAt!, who: null, what: 'became approved' });
    timeline.push({ at: request.revokedAt!, who: null, what: `revoked: ${request.revokeReason}` });
  }
  return {
    ...request,
    model: found.model,
    version: found.version,
    environment: found.environment,
    teamId: found.teamId,
    creatorId: found.creatorId,
    reviews,
    policy: await loadCurrentPolicy(ctx.db, { id: request.environmentId }),
    timeline: timeline.sort((a, b) => a.at.getTime() - b.at.getTime()),
  };
}
