import { findLineageNode, queryLineage, ZLineageNodeRefSchema, ZQueryLineageSchema } from '../services/lineage';
import { authedProcedure, router } from '../trpc';

/** The lineage graph for the portal: find a node (by id or by the row it mirrors) and walk from it. */
export const lineageRouter = router({
  node: authedProcedure.input(ZLineageNodeRefSchema).query(({ ctx, input }) => findLineageNode(ctx, input)),
  graph: authedProcedure.input(ZQueryLineageSchema).query(({ ctx, input }) => queryLineage(ctx, input)),
});
