import { aliasedTable, eq, sql } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { modelVersions, registeredModels, teams, users } from '@/db/schema';

const owners = aliasedTable(users, 'owners');
const creators = aliasedTable(users, 'creators');

/** The columns a model is shown with: its team and owner by name, not only by id. */
export const modelColumns = {
  id: registeredModels.id,
  name: registeredModels.name,
  teamId: registeredModels.teamId,
  teamName: teams.name,
  description: registeredModels.description,
  tags: registeredModels.tags,
  riskTier: registeredModels.riskTier,
  latestVersion: registeredModels.latestVersion,
  ownerId: registeredModels.ownerId,
  ownerName: owners.name,
  ownerEmail: owners.email,
  createdBy: registeredModels.createdBy,
  createdByEmail: creators.email,
  createdAt: registeredModels.createdAt,
};

/** registered_models joined to what modelColumns names; add where/order/limit. */
export function selectModels(db: TDbOrTx) {
  return db
    .select(modelColumns)
    .from(registeredModels)
    .innerJoin(teams, eq(teams.id, registeredModels.teamId))
    .innerJoin(owners, eq(owners.id, registeredModels.ownerId))
    .innerJoin(creators, eq(creators.id, registeredModels.createdBy));
}
export type TModelView = Awaited<ReturnType<ReturnType<typeof selectModels>['execute']>>[number];

/** The key models are sorted and paged by (unique, see the schema). */
export const modelNameKey = sql<string>`lower(${registeredModels.name})`;

/** Reads a model by name without an authorization check; callers authorize on the returned row. */
export async function findModel(db: TDbOrTx, name: string): Promise<TModelView | undefined> {
  const [model] = await selectModels(db).where(eq(modelNameKey, name.toLowerCase()));
  return model;
}

const versionCreators = aliasedTable(users, 'version_creators');

/** Every recorded fact of a version, with its model's name and team (the team decides who sees it). */
export const versionColumns = {
  id: modelVersions.id,
  modelId: modelVersions.modelId,
  modelName: registeredModels.name,
  teamId: registeredModels.teamId,
  version: modelVersions.version,
  artifactSha256: modelVersions.artifactSha256,
  artifactSize: modelVersions.artifactSize,
  artifactFormat: modelVersions.artifactFormat,
  artifactKey: modelVersions.artifactKey,
  trainingCode: modelVersions.trainingCode,
  predictionCode: modelVersions.predictionCode,
  dependencies: modelVersions.dependencies,
  lockfileSha256: modelVersions.lockfileSha256,
  parameters: modelVersions.parameters,
  metrics: modelVersions.metrics,
  signature: modelVersions.signature,
  modelCard: modelVersions.modelCard,
  createdBy: modelVersions.createdBy,
  createdByName: versionCreators.name,
  createdByEmail: versionCreators.email,
  createdAt: modelVersions.createdAt,
};

export function selectVersions(db: TDbOrTx) {
  return db
    .select(versionColumns)
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .innerJoin(versionCreators, eq(versionCreators.id, modelVersions.createdBy));
}
export type TVersionView = Awaited<ReturnType<ReturnType<typeof selectVersions>['execute']>>[number];
