import { z } from 'zod';
import { LINEAGE_NODE_KINDS } from '@/db/schema/lineage';

/** Deepest walk asked for when no depth is given ("any depth"); the walk stops earlier when nothing new is reached. */
export const LINEAGE_MAX_DEPTH = 10_000;
export const LINEAGE_DEFAULT_MAX_NODES = 5_000;

export const ZLineageDirectionSchema = z.enum(['upstream', 'downstream', 'both']);
export type TLineageDirectionInput = z.infer<typeof ZLineageDirectionSchema>;

export const ZQueryLineageSchema = z.strictObject({
  /** One node or a set; every one must be visible to the reader. */
  nodeIds: z.array(z.uuid()).min(1).max(200),
  direction: ZLineageDirectionSchema.default('both'),
  /** Hops to walk; omitted = any depth. */
  depth: z.number().int().min(0).max(LINEAGE_MAX_DEPTH).optional(),
  /** At most this many nodes are returned (the nearest first); `truncated` says when more exist. */
  maxNodes: z.number().int().min(1).max(100_000).default(LINEAGE_DEFAULT_MAX_NODES),
});
export type TQueryLineage = z.input<typeof ZQueryLineageSchema>;

/** A node by id, or by the Modelgate row it mirrors, or by external namespace and name. */
export const ZLineageNodeRefSchema = z.union([
  z.strictObject({ id: z.uuid() }),
  z.strictObject({ kind: z.enum(LINEAGE_NODE_KINDS), subjectId: z.uuid() }),
  z.strictObject({ kind: z.enum(LINEAGE_NODE_KINDS), namespace: z.string().min(1).max(1000), name: z.string().min(1).max(2000) }),
]);
export type TLineageNodeRef = z.infer<typeof ZLineageNodeRefSchema>;
