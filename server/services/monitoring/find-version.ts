import { and, eq, sql } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { modelVersions, registeredModels } from '@/db/schema';
import { AppError } from '../../errors';

/** A version by model name and number, with the team that decides who sees its monitoring. No authorization: callers check. */
export async function findMonitoredVersion(db: TDbOrTx, ref: { name: string; version: number }) {
  const [row] = await db
    .select({ id: modelVersions.id, modelId: modelVersions.modelId, teamId: registeredModels.teamId, model: registeredModels.name, version: modelVersions.version, createdAt: modelVersions.createdAt })
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(and(eq(sql`lower(${registeredModels.name})`, ref.name.toLowerCase()), eq(modelVersions.version, ref.version)));
  if (!row) throw new AppError('not_found', `No version ${ref.version} of model ${ref.name}.`);
  return row;
}
export type TMonitoredVersion = Awaited<ReturnType<typeof findMonitoredVersion>>;
