import { and, eq } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { environments, modelVersions } from '@/db/schema';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import { modelNameKey, selectVersions } from '../models/views';

/** A version by model name and number, as the caller may read it (404 otherwise). */
export async function findVersion(ctx: TServiceContext, ref: { name: string; version: number }) {
  const [version] = await selectVersions(ctx.db).where(and(eq(modelNameKey, ref.name.toLowerCase()), eq(modelVersions.version, ref.version)));
  if (!version) throw new AppError('not_found', `No version ${ref.version} of model ${ref.name}.`);
  await authorize(ctx, 'read', 'ModelVersion', version);
  return version;
}

export async function findEnvironment(db: TDbOrTx, name: string) {
  const [environment] = await db.select().from(environments).where(eq(environments.name, name));
  if (!environment) throw new AppError('not_found', `No environment ${name}.`);
  return environment;
}
