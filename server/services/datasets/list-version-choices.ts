import { and, desc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { abilityWhere } from '@/db/queries/ability-where';
import { accessGrants, datasets, datasetVersions, teams } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { isGated } from '../access-requests/require-live-grant';
import { authorize, type TServiceContext } from '../context';

/**
 * The dataset versions the actor may read, newest first per dataset, for the "trained on"
 * picker: each says whether training on it would pass the grant check now (`usable`), so the
 * form can point at /access for the rest. The registration re-checks everything.
 */
export async function listVersionChoices(ctx: TServiceContext) {
  await authorize(ctx, 'read', 'DatasetVersion');
  const rows = await ctx.db
    .select({
      id: datasetVersions.id,
      datasetId: datasets.id,
      datasetName: datasets.name,
      teamName: teams.name,
      number: datasetVersions.number,
      classification: datasetVersions.classification,
      ownerId: datasets.ownerId,
    })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .innerJoin(teams, eq(teams.id, datasets.teamId))
    .where(abilityWhere(ctx.ability, 'read', 'DatasetVersion', { id: datasetVersions.id, teamId: datasets.teamId, ownerId: datasets.ownerId }))
    .orderBy(teams.name, datasets.name, desc(datasetVersions.number))
    .limit(500);
  const userId = actorUserId(ctx.actor);
  const officer = ctx.actor.type !== 'anonymous' && ctx.actor.type !== 'system' && ctx.actor.roles.includes('governance_officer');
  const gatedIds = [...new Set(rows.filter((r) => isGated(r.classification)).map((r) => r.datasetId))];
  const granted = new Set(
    userId && gatedIds.length
      ? (
          await ctx.db
            .select({ datasetId: accessGrants.datasetId })
            .from(accessGrants)
            .where(and(eq(accessGrants.userId, userId), inArray(accessGrants.datasetId, gatedIds), isNull(accessGrants.revokedAt), gt(accessGrants.expiresAt, new Date())))
        ).map((g) => g.datasetId)
      : [],
  );
  return rows.map(({ ownerId, ...r }) => ({
    ...r,
    usable: !isGated(r.classification) || officer || ownerId === userId || granted.has(r.datasetId),
  }));
}
