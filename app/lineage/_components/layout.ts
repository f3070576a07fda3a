// elk.bundled.js carries the layout engine in the bundle and runs it in this thread (a fake
// worker): nothing is downloaded at run time and no worker script needs serving.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { TLineageEdgeView, TLineageGraphNode } from '@/server/services/lineage';

export const NODE_WIDTH = 230;
export const NODE_HEIGHT = 74;

let engine: InstanceType<typeof ELK> | null = null;

/** Positions for each node: a layered layout, inputs on the left, what was made from them on the right. */
export async function layoutLineage(nodes: TLineageGraphNode[], edges: TLineageEdgeView[]): Promise<Map<string, { x: number; y: number }>> {
  engine ??= new ELK();
  const layout = await engine.layout({
    id: 'lineage',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '28',
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    // Stable input order gives the same picture for the same graph.
    children: [...nodes].sort((a, b) => a.id.localeCompare(b.id)).map((n) => ({ id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: edges.map((e, i) => ({ id: `e${i}`, sources: [e.fromId], targets: [e.toId] })),
  });
  return new Map((layout.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
}
