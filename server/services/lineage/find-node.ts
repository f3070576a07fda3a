import { and, eq, isNull, sql } from 'drizzle-orm';
import { lineageNodes } from '@/db/schema';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import type { TLineageNodeRef } from './schemas';
import { withHref, type TLineageNodeView } from './views';

/**
 * One lineage node by id, by the Modelgate row it mirrors (e.g. kind model_version and the version's
 * id) or by external namespace and name. A node the reader may not see is 404, like a missing one.
 */
export async function findLineageNode(ctx: TServiceContext, ref: TLineageNodeRef): Promise<TLineageNodeView> {
  await authorize(ctx, 'read', 'Lineage');
  const where =
    'id' in ref
      ? eq(lineageNodes.id, ref.id)
      : 'subjectId' in ref
        ? and(eq(lineageNodes.kind, ref.kind), eq(lineageNodes.subjectId, ref.subjectId))
        : and(eq(lineageNodes.kind, ref.kind), isNull(lineageNodes.subjectId), eq(lineageNodes.namespace, ref.namespace), eq(lineageNodes.name, ref.name));
  const [row] = await ctx.db
    .select({
      id: lineageNodes.id,
      kind: lineageNodes.kind,
      subjectId: lineageNodes.subjectId,
      namespace: lineageNodes.namespace,
      name: lineageNodes.name,
      teamId: lineageNodes.teamId,
      label: lineageNodes.label,
      facets: lineageNodes.facets,
      createdAt: sql<string>`to_char(${lineageNodes.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    })
    .from(lineageNodes)
    .where(where);
  if (!row) throw new AppError('not_found', 'Lineage not found.');
  await authorize(ctx, 'read', 'Lineage', { id: row.id, teamId: row.teamId });
  return withHref(row);
}
