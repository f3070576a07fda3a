import { asc, desc, eq } from 'drizzle-orm';
import { datasetClassificationChanges, datasetFindings, datasetVersions, users } from '@/db/schema';
import { canRequestAccess, contentAccessOf } from '../access-requests/require-live-grant';
import { authorize, type TServiceContext } from '../context';
import { trainedModelsOf } from './trained-models';
import { findVersion, versionViews } from './views';

/**
 * A version with its latest scan, that scan's findings and its classification history, the
 * model versions trained on it, and whether the actor may read its content. Findings of a
 * confidential or restricted version come as a summary (where, what, how many, why) for
 * everyone who may read the version; their masked samples only to those with a live grant
 * (checked now), the dataset's owner and governance officers (`content` says which).
 */
export async function readVersion(ctx: TServiceContext, versionId: string) {
  const found = await findVersion(ctx.db, versionId);
  await authorize(ctx, 'read', 'DatasetVersion', { id: versionId, teamId: found.teamId, ownerId: found.ownerId });
  const [view] = await versionViews(ctx.db, eq(datasetVersions.id, versionId));
  const content = await contentAccessOf(ctx.db, ctx.actor, { datasetId: found.version.datasetId, ownerId: found.ownerId, classification: view!.classification });
  const rows = view!.scan
    ? await ctx.db
        .select({
          locationKind: datasetFindings.locationKind,
          location: datasetFindings.location,
          entityType: datasetFindings.entityType,
          count: datasetFindings.count,
          confidence: datasetFindings.confidence,
          detector: datasetFindings.detector,
          explanation: datasetFindings.explanation,
          maskedSamples: datasetFindings.maskedSamples,
        })
        .from(datasetFindings)
        .where(eq(datasetFindings.scanId, view!.scan.id))
        .orderBy(desc(datasetFindings.confidence), asc(datasetFindings.location))
    : [];
  const findings = content.allowed ? rows : rows.map((f) => ({ ...f, maskedSamples: [] as string[] }));
  const history = await ctx.db
    .select({
      from: datasetClassificationChanges.fromClassification,
      to: datasetClassificationChanges.toClassification,
      reason: datasetClassificationChanges.reason,
      changedBy: datasetClassificationChanges.changedBy,
      changedByName: users.name,
      scanId: datasetClassificationChanges.scanId,
      changedAt: datasetClassificationChanges.changedAt,
    })
    .from(datasetClassificationChanges)
    .leftJoin(users, eq(users.id, datasetClassificationChanges.changedBy))
    .where(eq(datasetClassificationChanges.versionId, versionId))
    .orderBy(desc(datasetClassificationChanges.changedAt));
  const trainedModels = await trainedModelsOf(ctx, [versionId]);
  return { ...view!, findings, history, content: { ...content, samplesWithheld: !content.allowed && rows.some((f) => f.maskedSamples.length > 0), canRequest: canRequestAccess(ctx, found) }, trainedModels };
}
export type TVersionDetail = Awaited<ReturnType<typeof readVersion>>;
