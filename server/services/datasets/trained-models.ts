import { and, asc, eq, inArray } from 'drizzle-orm';
import { abilityWhere } from '@/db/queries/ability-where';
import { modelVersions, modelVersionTrainingData, registeredModels } from '@/db/schema';
import type { TServiceContext } from '../context';

export type TTrainedModel = { datasetVersionId: string; modelVersionId: string; modelName: string; version: number };

/** The model versions trained on these dataset versions that the actor may read (lineage, downstream one step). */
export async function trainedModelsOf(ctx: TServiceContext, datasetVersionIds: string[]): Promise<TTrainedModel[]> {
  if (!datasetVersionIds.length) return [];
  return ctx.db
    .select({
      datasetVersionId: modelVersionTrainingData.datasetVersionId,
      modelVersionId: modelVersions.id,
      modelName: registeredModels.name,
      version: modelVersions.version,
    })
    .from(modelVersionTrainingData)
    .innerJoin(modelVersions, eq(modelVersions.id, modelVersionTrainingData.modelVersionId))
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(
      and(
        inArray(modelVersionTrainingData.datasetVersionId, datasetVersionIds),
        abilityWhere(ctx.ability, 'read', 'ModelVersion', { id: modelVersions.id, modelId: modelVersions.modelId, teamId: registeredModels.teamId }),
      ),
    )
    .orderBy(asc(registeredModels.name), asc(modelVersions.version));
}
