import { and, desc, eq, ne } from 'drizzle-orm';
import { abilityWhere } from '@/db/queries/ability-where';
import { accessGrants, accessRequests, datasets, users } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import type { TServiceContext } from '../context';

/** Pending access requests the actor may decide (not their own), and the actor's own requests. */
export async function listAccessInbox(ctx: TServiceContext) {
  const me = actorUserId(ctx.actor);
  if (!me) return { waitingOnMe: [], mine: [] };
  const base = () =>
    ctx.db
      .select({
        id: accessRequests.id,
        dataset: datasets.name,
        datasetId: datasets.id,
        requester: users.name,
        purpose: accessRequests.purpose,
        requestedDays: accessRequests.requestedDays,
        state: accessRequests.state,
        createdAt: accessRequests.createdAt,
        decisionReason: accessRequests.decisionReason,
      })
      .from(accessRequests)
      .innerJoin(datasets, eq(datasets.id, accessRequests.datasetId))
      .innerJoin(users, eq(users.id, accessRequests.requesterId));
  const columns = { id: accessRequests.id, teamId: datasets.teamId, ownerId: datasets.ownerId, requesterId: accessRequests.requesterId };
  const waitingOnMe = await base()
    .where(and(eq(accessRequests.state, 'pending'), ne(accessRequests.requesterId, me), abilityWhere(ctx.ability, 'update', 'AccessRequest', columns)))
    .orderBy(accessRequests.createdAt)
    .limit(100);
  const mine = await base().where(eq(accessRequests.requesterId, me)).orderBy(desc(accessRequests.createdAt)).limit(100);
  return { waitingOnMe, mine };
}

/** Grants the actor may see (their own, on datasets they own, or all for oversight), newest first. */
export async function listGrants(ctx: TServiceContext) {
  return ctx.db
    .select({
      id: accessGrants.id,
      dataset: datasets.name,
      datasetId: datasets.id,
      user: users.name,
      startsAt: accessGrants.startsAt,
      expiresAt: accessGrants.expiresAt,
      revokedAt: accessGrants.revokedAt,
      revokeReason: accessGrants.revokeReason,
    })
    .from(accessGrants)
    .innerJoin(datasets, eq(datasets.id, accessGrants.datasetId))
    .innerJoin(users, eq(users.id, accessGrants.userId))
    .where(abilityWhere(ctx.ability, 'read', 'AccessGrant', { id: accessGrants.id, teamId: datasets.teamId, ownerId: datasets.ownerId, userId: accessGrants.userId }))
    .orderBy(desc(accessGrants.startsAt))
    .limit(200);
}
