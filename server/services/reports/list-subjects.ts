import { and, desc, eq, ilike, or } from 'drizzle-orm';
import { abilityWhere } from '@/db/queries/ability-where';
import { datasets, datasetVersions, modelVersions, registeredModels, teams } from '@/db/schema';
import { authorize, type TServiceContext } from '../context';
import { ZListReportSubjectsSchema } from './schemas';

/** What the reports page offers: model and dataset versions the caller may read and report on, newest first. */
export async function listReportSubjects(ctx: TServiceContext, input: { q?: string; limit?: number }) {
  const q = ZListReportSubjectsSchema.parse(input);
  await authorize(ctx, 'create', 'Report');
  const like = q.q ? `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null;
  const modelRows = await ctx.db
    .select({ id: modelVersions.id, model: registeredModels.name, version: modelVersions.version, team: teams.name, artifactSha256: modelVersions.artifactSha256, createdAt: modelVersions.createdAt })
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .innerJoin(teams, eq(teams.id, registeredModels.teamId))
    .where(
      and(
        abilityWhere(ctx.ability, 'read', 'ModelVersion', { teamId: registeredModels.teamId, id: modelVersions.id }),
        abilityWhere(ctx.ability, 'create', 'Report', { teamId: registeredModels.teamId, id: modelVersions.id }),
        like ? or(ilike(registeredModels.name, like), ilike(teams.name, like)) : undefined,
      ),
    )
    .orderBy(desc(modelVersions.createdAt))
    .limit(q.limit);
  const datasetRows = await ctx.db
    .select({ id: datasetVersions.id, dataset: datasets.name, number: datasetVersions.number, team: teams.name, sha256: datasetVersions.sha256, classification: datasetVersions.classification, createdAt: datasetVersions.createdAt })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .innerJoin(teams, eq(teams.id, datasets.teamId))
    .where(
      and(
        abilityWhere(ctx.ability, 'read', 'DatasetVersion', { teamId: datasets.teamId, ownerId: datasets.ownerId, id: datasetVersions.id }),
        abilityWhere(ctx.ability, 'create', 'Report', { teamId: datasets.teamId, id: datasetVersions.id }),
        like ? or(ilike(datasets.name, like), ilike(teams.name, like)) : undefined,
      ),
    )
    .orderBy(desc(datasetVersions.createdAt))
    .limit(q.limit);
  return { modelVersions: modelRows, datasetVersions: datasetRows };
}
