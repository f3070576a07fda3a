/**
 * Where a lineage node's own page is in the portal. Pure (no server imports): the graph view
 * imports it too. External nodes have no page of their own, so they open their lineage view.
 */
export type TLinkableNode = { id: string; kind: string; subjectId: string | null; facets: Record<string, unknown> };

export function lineageNodeHref(node: TLinkableNode): string {
  const f = node.facets;
  const str = (key: string) => (typeof f[key] === 'string' ? (f[key] as string) : null);
  const num = (key: string) => (typeof f[key] === 'number' ? (f[key] as number) : null);
  const modelName = str('modelName');
  const version = num('version');
  const versionPage = modelName && version ? `/models/${encodeURIComponent(modelName)}/versions/${version}` : null;
  switch (node.kind) {
    case 'dataset_version': {
      const datasetId = str('datasetId');
      if (datasetId && node.subjectId) return `/datasets/${datasetId}/versions/${node.subjectId}`;
      break;
    }
    case 'model_version':
    case 'training_run':
    case 'deployment':
    case 'prediction_batch':
      if (versionPage) return versionPage;
      break;
  }
  return `/lineage?node=${node.id}`;
}
