import { and, desc, eq, lt } from 'drizzle-orm';
import { modelVersions } from '@/db/schema';
import type { TServiceContext } from '../context';
import { readModel } from './read-model';
import type { TListVersions } from './schemas';
import { selectVersions, type TVersionView } from './views';

/** A model's versions, newest first, one keyset page at a time (`nextBefore` is null on the last page). */
export async function listVersions(
  ctx: TServiceContext,
  input: TListVersions,
): Promise<{ versions: TVersionView[]; nextBefore: number | null }> {
  // Versions share their model's team, so reading the model decides for all of them.
  const model = await readModel(ctx, input.name);
  const rows = await selectVersions(ctx.db)
    .where(and(eq(modelVersions.modelId, model.id), input.before ? lt(modelVersions.version, input.before) : undefined))
    .orderBy(desc(modelVersions.version))
    .limit(input.limit + 1);
  const versions = rows.slice(0, input.limit);
  return { versions, nextBefore: rows.length > input.limit ? versions.at(-1)!.version : null };
}
