import { and, eq } from 'drizzle-orm';
import { modelVersions } from '@/db/schema';
import type { TAction } from '@/policies/vocabulary';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import { trainingDataOf, type TTrainingDataView } from './training-data';
import { modelNameKey, selectVersions, type TVersionView } from './views';

export type TVersionDetail = TVersionView & { trainingData: TTrainingDataView[] };

/** One version with every recorded fact and its training data, checked for `action` (read, or export to download). */
export async function readVersion(
  ctx: TServiceContext,
  ref: { name: string; version: number },
  action: Extract<TAction, 'read' | 'export'> = 'read',
): Promise<TVersionDetail> {
  const [version] = await selectVersions(ctx.db).where(
    and(eq(modelNameKey, ref.name.toLowerCase()), eq(modelVersions.version, ref.version)),
  );
  if (!version) throw new AppError('not_found', `No version ${ref.version} of model ${ref.name}.`);
  await authorize(ctx, action, 'ModelVersion', version);
  return { ...version, trainingData: await trainingDataOf(ctx, version.id) };
}
