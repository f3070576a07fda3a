import type { SQL } from 'drizzle-orm';
import { lineageNodes } from '@/db/schema';
import type { TAppAbility } from '@/policies/ability';
import { abilityWhere } from '@/db/queries/ability-where';
import type { TWalkedEdge, TWalkedNode } from '../../lineage/walk';
import { lineageNodeHref } from '../../lineage/node-links';

export type TLineageNodeView = Omit<TWalkedNode, 'depth' | 'side'> & { href: string };
export type TLineageGraphNode = TWalkedNode & { href: string };
export type TLineageEdgeView = TWalkedEdge;

/** What a lineage query returns: only nodes the reader may see, the edges between them, and a bare count of the rest. */
export type TLineageGraph = {
  startIds: string[];
  direction: 'upstream' | 'downstream' | 'both';
  depth: number | null;
  nodes: TLineageGraphNode[];
  edges: TLineageEdgeView[];
  /** Neighbours of the returned nodes the reader may not see: counted, never named. */
  hidden: number;
  truncated: boolean;
};

export const withHref = <T extends Omit<TLineageNodeView, 'href'>>(node: T): T & { href: string } => ({ ...node, href: lineageNodeHref(node) });

/**
 * The lineage nodes the ability lets its holder read, as a condition on `lineage_nodes`; undefined
 * when a rule without conditions lets them read every node (the walk then skips the check).
 */
export function visibleNodes(ability: TAppAbility): SQL | undefined {
  const rules = ability.rulesFor('read', 'Lineage');
  const unrestricted = rules.some((r) => !r.inverted && !r.conditions) && !rules.some((r) => r.inverted);
  return unrestricted ? undefined : abilityWhere(ability, 'read', 'Lineage', { teamId: lineageNodes.teamId });
}
