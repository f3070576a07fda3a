import { z } from 'zod';
import { LINEAGE_NODE_KINDS } from '@/db/schema/lineage';
import {
  findLineageNode,
  LINEAGE_DEFAULT_MAX_NODES,
  LINEAGE_MAX_DEPTH,
  queryLineage,
  ZLineageDirectionSchema,
} from '../../services/lineage';
import { defineRoute } from '../define-route';

const ZNodeView = z.object({
  id: z.uuid(),
  kind: z.enum(LINEAGE_NODE_KINDS),
  subjectId: z.uuid().nullable().describe('The Modelgate row the node mirrors (dataset version, model version, deployment …); null for external nodes'),
  namespace: z.string(),
  name: z.string(),
  teamId: z.uuid().nullable(),
  label: z.string(),
  facets: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
  href: z.string().describe('The node’s page in the portal'),
});

const ZGraphView = z.object({
  startIds: z.array(z.uuid()),
  direction: ZLineageDirectionSchema,
  depth: z.number().int().nullable(),
  nodes: z.array(
    ZNodeView.extend({
      depth: z.number().int().describe('Hops from the nearest start node'),
      side: z.enum(['start', 'upstream', 'downstream']),
    }),
  ),
  edges: z.array(
    z.object({
      fromId: z.uuid(),
      toId: z.uuid(),
      relation: z.string().describe('trained_on, produced, deployed_as, served, input_of, output_of, same_as …'),
      source: z.enum(['modelgate', 'openlineage']),
      createdAt: z.iso.datetime(),
    }),
  ),
  hidden: z.number().int().describe('Neighbours you may not see (other teams’ or unowned nodes): counted, never named'),
  truncated: z.boolean().describe('More lineage exists past `depth` or `maxNodes`'),
});

const ZUuidList = z
  .string()
  .transform((s) => s.split(',').map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(z.uuid()).min(1).max(200));

const ZGraphQuery = z.strictObject({
  nodes: ZUuidList.describe('One node id or several, comma-separated'),
  direction: ZLineageDirectionSchema.default('both'),
  depth: z.coerce.number().int().min(0).max(LINEAGE_MAX_DEPTH).optional().describe('Hops to walk; omitted = any depth'),
  maxNodes: z.coerce.number().int().min(1).max(100_000).default(LINEAGE_DEFAULT_MAX_NODES),
});

const ZNodeLookupQuery = z
  .strictObject({
    kind: z.enum(LINEAGE_NODE_KINDS),
    subjectId: z.uuid().optional().describe('The Modelgate row (dataset version, model version, deployment …)'),
    namespace: z.string().min(1).max(1000).optional().describe('External nodes: the OpenLineage namespace'),
    name: z.string().min(1).max(2000).optional().describe('External nodes: the OpenLineage name'),
  })
  .refine((q) => (q.subjectId !== undefined) !== (q.namespace !== undefined && q.name !== undefined), {
    message: 'Give either subjectId, or namespace and name.',
  });

export const lineageRoutes = [
  defineRoute({
    method: 'GET',
    path: '/lineage/graph',
    summary:
      'The lineage around one node or a set: upstream, downstream or both, to `depth` hops (omitted: any depth). ' +
      'Only nodes you may see are returned or walked through; the others are counted in `hidden`.',
    tag: 'Lineage',
    scope: 'lineage:read',
    query: ZGraphQuery,
    response: ZGraphView,
    async handle(ctx, { query }) {
      return queryLineage(ctx, { nodeIds: query.nodes, direction: query.direction, depth: query.depth, maxNodes: query.maxNodes });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/lineage/nodes',
    summary: 'Find a lineage node by the Modelgate row it mirrors (`kind` and `subjectId`) or by external `namespace` and `name`.',
    tag: 'Lineage',
    scope: 'lineage:read',
    query: ZNodeLookupQuery,
    response: ZNodeView,
    async handle(ctx, { query }) {
      const ref = query.subjectId
        ? { kind: query.kind, subjectId: query.subjectId }
        : { kind: query.kind, namespace: query.namespace!, name: query.name! };
      return findLineageNode(ctx, ref);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/lineage/nodes/{id}',
    summary: 'One lineage node. A node you may not see is 404, like one that does not exist.',
    tag: 'Lineage',
    scope: 'lineage:read',
    params: z.strictObject({ id: z.uuid() }),
    response: ZNodeView,
    async handle(ctx, { params }) {
      return findLineageNode(ctx, { id: params.id });
    },
  }),
];
