import type { TLineageEdgeView, TLineageGraph, TLineageGraphNode } from '@/server/services/lineage';

/**
 * What the lineage view has loaded and what it shows. Every answer from the server is merged
 * into `nodes`/`edges`; what is on screen is what can be reached from the start nodes through
 * nodes expanded in that direction. Collapsing a node only clears its flag, so expanding it again
 * shows what was loaded without asking the server.
 */
export type TGraphState = {
  startIds: string[];
  nodes: Map<string, TLineageGraphNode>;
  edges: Map<string, TLineageEdgeView>;
  expandedUp: Set<string>;
  expandedDown: Set<string>;
  /** Neighbours the reader may not see, as the server counted them (never named). */
  hidden: number;
  truncated: boolean;
};

const edgeKey = (e: TLineageEdgeView) => `${e.fromId}|${e.toId}|${e.relation}`;

/** The state after the first answer: nodes closer than `depth` were expanded by the walk. */
export function initialState(graph: TLineageGraph, depth: number): TGraphState {
  const state: TGraphState = {
    startIds: graph.startIds,
    nodes: new Map(),
    edges: new Map(),
    expandedUp: new Set(),
    expandedDown: new Set(),
    hidden: graph.hidden,
    truncated: graph.truncated,
  };
  const walkedUp = graph.direction !== 'downstream';
  const walkedDown = graph.direction !== 'upstream';
  for (const node of graph.nodes) {
    state.nodes.set(node.id, node);
    if (node.depth >= depth) continue;
    if (walkedUp && (node.side === 'start' || node.side === 'upstream')) state.expandedUp.add(node.id);
    if (walkedDown && (node.side === 'start' || node.side === 'downstream')) state.expandedDown.add(node.id);
  }
  for (const edge of graph.edges) state.edges.set(edgeKey(edge), edge);
  return state;
}

/** Merges a one-hop answer around `nodeId` and marks it expanded in that direction. */
export function expand(state: TGraphState, nodeId: string, direction: 'upstream' | 'downstream', graph: TLineageGraph): TGraphState {
  const nodes = new Map(state.nodes);
  for (const node of graph.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
  const edges = new Map(state.edges);
  for (const edge of graph.edges) edges.set(edgeKey(edge), edge);
  const expandedUp = new Set(state.expandedUp);
  const expandedDown = new Set(state.expandedDown);
  (direction === 'upstream' ? expandedUp : expandedDown).add(nodeId);
  return { ...state, nodes, edges, expandedUp, expandedDown, hidden: Math.max(state.hidden, graph.hidden) };
}

export function collapse(state: TGraphState, nodeId: string, direction: 'upstream' | 'downstream'): TGraphState {
  const expandedUp = new Set(state.expandedUp);
  const expandedDown = new Set(state.expandedDown);
  (direction === 'upstream' ? expandedUp : expandedDown).delete(nodeId);
  return { ...state, expandedUp, expandedDown };
}

/** The nodes and edges on screen: reachable from the start nodes through expanded nodes only. */
export function visibleGraph(state: TGraphState): { nodes: TLineageGraphNode[]; edges: TLineageEdgeView[] } {
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const e of state.edges.values()) {
    parents.set(e.toId, [...(parents.get(e.toId) ?? []), e.fromId]);
    children.set(e.fromId, [...(children.get(e.fromId) ?? []), e.toId]);
  }
  // Hops from the start nodes as shown now, and the side each node was reached on.
  const shown = new Map<string, { depth: number; side: TLineageGraphNode['side'] }>();
  for (const id of state.startIds) if (state.nodes.has(id)) shown.set(id, { depth: 0, side: 'start' });
  // Upstream and downstream are walked separately, as the server does.
  for (const [side, expanded, next] of [
    ['upstream', state.expandedUp, parents],
    ['downstream', state.expandedDown, children],
  ] as const) {
    const queue = state.startIds.filter((id) => state.nodes.has(id)).map((id) => ({ id, depth: 0 }));
    const seen = new Set(queue.map((q) => q.id));
    while (queue.length) {
      const { id, depth } = queue.shift()!;
      if (!shown.has(id)) shown.set(id, { depth, side });
      if (!expanded.has(id)) continue;
      for (const other of next.get(id) ?? []) {
        if (seen.has(other) || !state.nodes.has(other)) continue;
        seen.add(other);
        queue.push({ id: other, depth: depth + 1 });
      }
    }
  }
  const nodes = [...shown].map(([id, at]) => ({ ...state.nodes.get(id)!, ...at }));
  const edges = [...state.edges.values()].filter((e) => shown.has(e.fromId) && shown.has(e.toId));
  return { nodes, edges };
}
