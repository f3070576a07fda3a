import type { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { datasets, datasetVersions } from '@/db/schema';
import { recordAudit } from '../../audit/transact';
import { AppError } from '../../errors';
import { getArtifactStore } from '../../storage/runtime-store';
import { requireLiveGrant } from '../access-requests/require-live-grant';
import { authorize, type TServiceContext } from '../context';

/** A file name safe in a Content-Disposition header. */
const safeFileName = (name: string) => name.replace(/[^\w.\- ]+/g, '_').slice(0, 200) || 'dataset';

/**
 * A dataset version's content for download: the actor must be able to read the version and,
 * for a confidential or restricted one, hold a live grant (checked now; the dataset's owner and
 * governance officers are exempt). Each download is audited; the stream is verified against
 * the recorded SHA-256 as it is read.
 */
export async function openVersionContent(
  ctx: TServiceContext,
  ref: { id: string; version: number },
): Promise<{ stream: Readable; sha256: string; size: number; fileName: string }> {
  const [found] = await ctx.db
    .select({ version: datasetVersions, datasetName: datasets.name, teamId: datasets.teamId, ownerId: datasets.ownerId })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(and(eq(datasetVersions.datasetId, ref.id), eq(datasetVersions.number, ref.version)));
  if (!found) throw new AppError('not_found', `Dataset version ${ref.version} not found.`);
  const v = found.version;
  await authorize(ctx, 'read', 'DatasetVersion', { id: v.id, teamId: found.teamId, ownerId: found.ownerId });
  const access = await requireLiveGrant(
    ctx,
    { id: v.id, datasetId: v.datasetId, datasetName: found.datasetName, ownerId: found.ownerId, classification: v.classification },
    'download',
  );
  const stream = await (await getArtifactStore()).open(v.sha256);
  await recordAudit(ctx.db, ctx.actor, {
    action: 'dataset_version.downloaded',
    subject: { type: 'DatasetVersion', id: v.id },
    data: { datasetId: v.datasetId, number: v.number, sha256: v.sha256, classification: v.classification, via: access.via ?? 'not_gated' },
  });
  return { stream, sha256: v.sha256, size: v.sizeBytes, fileName: safeFileName(v.fileName) };
}
