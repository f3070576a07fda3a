import { inArray } from 'drizzle-orm';
import { lineageNodes } from '@/db/schema';
import { AppError } from '../../errors';
import { walkLineage, type TLineageDirection } from '../../lineage/walk';
import { authorize, type TServiceContext } from '../context';
import { LINEAGE_MAX_DEPTH, ZQueryLineageSchema, type TQueryLineage } from './schemas';
import { visibleNodes, withHref, type TLineageGraph } from './views';

/**
 * The lineage around one node or a set: upstream (what it was made from), downstream (what was
 * made from it) or both, to `depth` hops or any depth. The walk stays inside the nodes the reader
 * may see (their teams' nodes; every node for auditors, governance officers and admins): hidden
 * nodes are neither returned nor walked through, and only their number is reported. A start node
 * the reader may not see is 404, exactly like one that does not exist.
 */
export async function queryLineage(ctx: TServiceContext, input: TQueryLineage): Promise<TLineageGraph> {
  const query = ZQueryLineageSchema.parse(input);
  await authorize(ctx, 'read', 'Lineage');
  const startIds = [...new Set(query.nodeIds)];
  const starts = await ctx.db
    .select({ id: lineageNodes.id, teamId: lineageNodes.teamId })
    .from(lineageNodes)
    .where(inArray(lineageNodes.id, startIds));
  if (starts.length !== startIds.length) throw new AppError('not_found', 'Lineage not found.');
  for (const start of starts) await authorize(ctx, 'read', 'Lineage', start);

  const directions: TLineageDirection[] = query.direction === 'both' ? ['upstream', 'downstream'] : [query.direction];
  const result = await walkLineage(ctx.db, {
    startIds,
    directions,
    maxDepth: query.depth ?? LINEAGE_MAX_DEPTH,
    maxNodes: query.maxNodes,
    visible: visibleNodes(ctx.ability),
  });
  return {
    startIds,
    direction: query.direction,
    depth: query.depth ?? null,
    nodes: result.nodes.map(withHref),
    edges: result.edges,
    hidden: result.hidden,
    truncated: result.truncated,
  };
}
