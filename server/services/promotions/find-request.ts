import { eq } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { environments, modelVersions, promotionRequests, registeredModels } from '@/db/schema';
import { AppError } from '../../errors';

/** A request with what authorization and messages need: its model's team, the version's creator, names. */
export async function findPromotionRequest(db: TDbOrTx, id: string) {
  const [row] = await db
    .select({
      request: promotionRequests,
      teamId: registeredModels.teamId,
      model: registeredModels.name,
      version: modelVersions.version,
      creatorId: modelVersions.createdBy,
      environment: environments.name,
    })
    .from(promotionRequests)
    .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.modelVersionId))
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .innerJoin(environments, eq(environments.id, promotionRequests.environmentId))
    .where(eq(promotionRequests.id, id));
  if (!row) throw new AppError('not_found', 'Promotion request not found.');
  return { ...row, subject: { id: row.request.id, teamId: row.teamId, requesterId: row.request.requesterId } };
}
