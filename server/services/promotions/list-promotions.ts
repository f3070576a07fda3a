import { aliasedTable, and, desc, eq, ne, notExists } from 'drizzle-orm';
import { abilityWhere } from '@/db/queries/ability-where';
import { environments, modelVersions, promotionRequests, promotionReviews, registeredModels, users } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import type { TServiceContext } from '../context';

const requesters = aliasedTable(users, 'requesters');

/**
 * The dashboard inbox: pending requests the actor may review and has not (their own and their
 * versions' excluded), and the actor's own requests.
 */
export async function listPromotionInbox(ctx: TServiceContext) {
  const me = actorUserId(ctx.actor);
  const base = () =>
    ctx.db
      .select({
        id: promotionRequests.id,
        state: promotionRequests.state,
        model: registeredModels.name,
        version: modelVersions.version,
        environment: environments.name,
        requester: requesters.name,
        createdAt: promotionRequests.createdAt,
        expiresAt: promotionRequests.expiresAt,
        decidedAt: promotionRequests.decidedAt,
      })
      .from(promotionRequests)
      .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.modelVersionId))
      .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
      .innerJoin(environments, eq(environments.id, promotionRequests.environmentId))
      .innerJoin(requesters, eq(requesters.id, promotionRequests.requesterId));
  const columns = { id: promotionRequests.id, teamId: registeredModels.teamId, requesterId: promotionRequests.requesterId };
  if (!me) return { waitingOnMe: [], mine: [] };
  const waitingOnMe = await base()
    .where(
      and(
        eq(promotionRequests.state, 'pending'),
        ne(promotionRequests.requesterId, me),
        ne(modelVersions.createdBy, me),
        abilityWhere(ctx.ability, 'create', 'PromotionReview', columns),
        notExists(
          ctx.db
            .select({ one: promotionReviews.requestId })
            .from(promotionReviews)
            .where(and(eq(promotionReviews.requestId, promotionRequests.id), eq(promotionReviews.reviewerId, me))),
        ),
      ),
    )
    .orderBy(promotionRequests.createdAt)
    .limit(100);
  const mine = await base().where(eq(promotionRequests.requesterId, me)).orderBy(desc(promotionRequests.createdAt)).limit(100);
  return { waitingOnMe, mine };
}
