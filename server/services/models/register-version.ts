import type { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { modelVersions, modelVersionTrainingData, registeredModels } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { transact } from '../../audit/transact';
import { AppError } from '../../errors';
import { OnnxError } from '../../onnx/errors';
import { inspectOnnx, type OnnxSignature } from '../../onnx/inspect-onnx';
import { isStorageError } from '../../storage/errors';
import { getArtifactStore } from '../../storage/runtime-store';
import { authorize, type TServiceContext } from '../context';
import { readVersion, type TVersionDetail } from './read-version';
import type { TTrainingDataRef, TVersionMetadata } from './schemas';
import { firstWithoutGrant, GrantLapsedError, refuseTrainingWithoutGrant, resolveTrainingData } from './training-data';
import { findModel, type TModelView } from './views';

async function signatureOf(path: string): Promise<OnnxSignature> {
  try {
    return await inspectOnnx(path);
  } catch (error) {
    if (error instanceof OnnxError) throw new AppError('invalid_onnx', error.message);
    throw error;
  }
}

function asUploadError(error: unknown): never {
  if (isStorageError(error, 'payload_too_large')) throw new AppError('payload_too_large', error.message);
  throw error;
}

/** The model, if the actor may register versions of it; checked before an upload is read. */
export async function authorizeRegistration(ctx: TServiceContext, modelName: string): Promise<TModelView> {
  const model = await findModel(ctx.db, modelName);
  if (!model) throw new AppError('not_found', `No model named ${modelName}.`);
  await authorize(ctx, 'create', 'ModelVersion', { id: null, modelId: model.id, teamId: model.teamId });
  return model;
}

/**
 * Registers the next version of a model. Its training data is resolved first: each dataset
 * version must be readable by the registrant, and a confidential or restricted one needs their
 * live grant (owners and governance officers excepted) — checked before the upload is read and
 * again inside the transaction, so a grant that lapses during a long upload still refuses.
 * The artifact streams to a temp file while it is hashed; an ONNX artifact is then loaded to
 * prove it works and to read its signature. Only then does it enter the store, and the version
 * row, its lineage edges and its audit event commit together, so a refusal or a crash at any
 * point leaves no version and nothing the catalog points at.
 */
export async function registerVersion(
  ctx: TServiceContext,
  modelName: string,
  metadata: Omit<TVersionMetadata, 'trainingData'> & { trainingData?: TTrainingDataRef[] },
  artifact: Readable,
): Promise<TVersionDetail> {
  const model = await authorizeRegistration(ctx, modelName);
  const trainingData = await resolveTrainingData(ctx, metadata.trainingData ?? []);
  const ungranted = await firstWithoutGrant(ctx.db, ctx.actor, trainingData);
  if (ungranted) await refuseTrainingWithoutGrant(ctx, ungranted);
  const store = await getArtifactStore();
  const staged = await store.stage(artifact).catch(asUploadError);
  let version: number;
  try {
    const signature = metadata.format === 'onnx' ? await signatureOf(staged.path) : null;
    const stored = await staged.commit();
    version = await transact(ctx.db, ctx.actor, async (tx, audit) => {
      const lapsed = await firstWithoutGrant(tx, ctx.actor, trainingData);
      if (lapsed) throw new GrantLapsedError(lapsed);
      // The row lock serialises registrations of one model: numbers are consecutive and unique.
      const [counter] = await tx
        .update(registeredModels)
        .set({ latestVersion: sql`${registeredModels.latestVersion} + 1` })
        .where(eq(registeredModels.id, model.id))
        .returning({ version: registeredModels.latestVersion });
      const [row] = await tx
        .insert(modelVersions)
        .values({
          modelId: model.id,
          version: counter!.version,
          artifactSha256: stored.sha256,
          artifactSize: stored.size,
          artifactFormat: metadata.format,
          artifactKey: stored.key,
          trainingCode: metadata.trainingCode,
          predictionCode: metadata.predictionCode,
          dependencies: metadata.dependencies,
          lockfileSha256: metadata.lockfileSha256 ?? null,
          parameters: metadata.parameters,
          metrics: metadata.metrics,
          signature,
          modelCard: metadata.modelCard,
          createdBy: actorUserId(ctx.actor)!,
        })
        .returning({ id: modelVersions.id });
      if (trainingData.length) {
        await tx.insert(modelVersionTrainingData).values(trainingData.map((d) => ({ modelVersionId: row!.id, datasetVersionId: d.id })));
      }
      audit.record({
        action: 'model_version.created',
        subject: { type: 'ModelVersion', id: row!.id },
        data: {
          model: model.name,
          modelId: model.id,
          version: counter!.version,
          artifact: { sha256: stored.sha256, size: stored.size, format: metadata.format },
          trainingCode: metadata.trainingCode,
          predictionCode: metadata.predictionCode,
          lockfileSha256: metadata.lockfileSha256 ?? null,
          trainingData: trainingData.map((d) => d.id),
        },
      });
      return counter!.version;
    });
  } catch (error) {
    if (error instanceof GrantLapsedError) await refuseTrainingWithoutGrant(ctx, error.dataset);
    throw error;
  } finally {
    // After a commit the temp file is gone and this does nothing.
    await staged.discard();
  }
  return readVersion(ctx, { name: model.name, version });
}
