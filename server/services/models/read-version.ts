import { and, eq } from 'drizzle-orm';
import { modelVersions } from '@/db/schema';
import type { TAction } from '@/policies/vocabulary';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import { modelNameKey, selectVersions, type TVersionView } from './views';

/** One version with every recorded fact, checked for `action` (read, or export to download). */
export async function readVersion(
  ctx: TServiceContext,
  ref: { name: string; version: number },
  action: Extract<TAction, 'read' | 'export'> = 'read',
): Promise<TVersionView> {
  const [version] = await selectVersions(ctx.db).where(
    and(eq(modelNameKey, ref.name.toLowerCase()), eq(modelVersions.version, ref.version)),
  );
  if (!version) throw new AppError('not_found', `No version ${ref.version} of model ${ref.name}.`);
  await authorize(ctx, action, 'ModelVersion', version);
  return version;
}
