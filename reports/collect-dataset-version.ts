// Step one of a dataset version's report: the version with its scan, classification history and
// grants, the model versions trained on it, its lineage and its audit events.
import { eq } from 'drizzle-orm';
import { datasets, datasetVersions, modelVersions, modelVersionTrainingData, registeredModels, teams } from '@/db/schema';
import { asSubject } from '@/policies/ability';
import type { TServiceContext } from '@/server/services/context';
import { collectAudit, collectDatasetVersion, collectLineage, reportHeader } from './collect-common';
import type { TCollectProgress } from './collect-model-version';
import type { TDatasetVersionReport } from './types';

export async function collectDatasetVersionReport(
  ctx: TServiceContext,
  datasetVersionId: string,
  onProgress: TCollectProgress = () => {},
): Promise<TDatasetVersionReport> {
  const [row] = await ctx.db
    .select({ v: datasetVersions, d: datasets, team: teams.name })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .innerJoin(teams, eq(teams.id, datasets.teamId))
    .where(eq(datasetVersions.id, datasetVersionId));
  if (!row) throw new Error(`dataset version ${datasetVersionId} not found`);
  const label = `${row.d.name} v${row.v.number}`;
  const header = reportHeader(ctx, 'dataset-version-report', `Dataset report: ${label}`, {
    type: 'DatasetVersion',
    id: row.v.id,
    label,
    teamId: row.d.teamId,
    teamName: row.team,
  });
  const dataset = await collectDatasetVersion(ctx, datasetVersionId);
  if ('hidden' in dataset) throw new Error('the caller must be allowed to read the dataset version');
  await onProgress('dataset version', 0.15);

  const trained = await ctx.db
    .select({ id: modelVersions.id, model: registeredModels.name, version: modelVersions.version, artifactSha256: modelVersions.artifactSha256, teamId: registeredModels.teamId })
    .from(modelVersionTrainingData)
    .innerJoin(modelVersions, eq(modelVersions.id, modelVersionTrainingData.modelVersionId))
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(eq(modelVersionTrainingData.datasetVersionId, datasetVersionId));
  const visible = trained.filter((t) => ctx.ability.can('read', asSubject('ModelVersion', { id: t.id, teamId: t.teamId })));
  const lineage = await collectLineage(ctx, 'dataset_version', datasetVersionId);
  await onProgress('lineage', 0.45);
  const audit = await collectAudit(ctx, [
    { type: 'DatasetVersion', ids: [datasetVersionId] },
    { type: 'Dataset', ids: [dataset.datasetId] },
    { type: 'AccessGrant', ids: dataset.grants.map((g) => g.id) },
  ]);
  await onProgress('audit trail', 0.7);
  return {
    ...header,
    dataset,
    trainedModels: visible.map(({ teamId: _team, ...t }) => t),
    hiddenTrainedModels: trained.length - visible.length,
    lineage,
    audit,
  };
}
