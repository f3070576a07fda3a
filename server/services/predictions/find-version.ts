import { and, eq } from 'drizzle-orm';
import { modelVersions, registeredModels } from '@/db/schema';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import { modelNameKey } from '../models/views';

export interface TPredictionSubject {
  id: string;
  modelName: string;
  version: number;
  teamId: string;
}

/**
 * The model version whose predictions are asked for, once the actor may `action` them: the
 * subject kind first (401 anonymous, 403 a token without `predictions:read`), then the version
 * (404 when it does not exist or the actor may not see it), then its predictions on the
 * version's team (404 for another team's scientist).
 */
export async function authorizePredictionsOf(
  ctx: TServiceContext,
  ref: { name: string; version: number },
  action: 'read' | 'export',
): Promise<TPredictionSubject> {
  await authorize(ctx, action, 'Prediction');
  const [version] = await ctx.db
    .select({ id: modelVersions.id, modelName: registeredModels.name, version: modelVersions.version, teamId: registeredModels.teamId })
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(and(eq(modelNameKey, ref.name.toLowerCase()), eq(modelVersions.version, ref.version)));
  if (!version) throw new AppError('not_found', `No version ${ref.version} of model ${ref.name}.`);
  await authorize(ctx, 'read', 'ModelVersion', version);
  await authorize(ctx, action, 'Prediction', version);
  return version;
}
