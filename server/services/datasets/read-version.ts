import { asc, desc, eq } from 'drizzle-orm';
import { datasetClassificationChanges, datasetFindings, datasetVersions, users } from '@/db/schema';
import { authorize, type TServiceContext } from '../context';
import { findVersion, versionViews } from './views';

/** A version with its latest scan, that scan's findings (masked samples only) and its classification history. */
export async function readVersion(ctx: TServiceContext, versionId: string) {
  const found = await findVersion(ctx.db, versionId);
  await authorize(ctx, 'read', 'DatasetVersion', { id: versionId, teamId: found.teamId, ownerId: found.ownerId });
  const [view] = await versionViews(ctx.db, eq(datasetVersions.id, versionId));
  const findings = view!.scan
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
  return { ...view!, findings, history };
}
export type TVersionDetail = Awaited<ReturnType<typeof readVersion>>;
