export { findLineageNode } from './find-node';
export { queryLineage } from './query-lineage';
export * from './schemas';
export type { TLineageEdgeView, TLineageGraph, TLineageGraphNode, TLineageNodeView } from './views';
