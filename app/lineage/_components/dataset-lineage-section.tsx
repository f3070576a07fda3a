'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc-client';
import { LineageSection } from './lineage-section';

/** The lineage of every version of a dataset (the dataset page's own query, shared through the cache). */
export function DatasetLineageSection({ datasetId }: { datasetId: string }) {
  const trpc = useTRPC();
  const dataset = useQuery(trpc.datasets.get.queryOptions({ id: datasetId }));
  if (!dataset.data) return null;
  return <LineageSection kind="dataset_version" subjectIds={dataset.data.versions.map((v) => v.id)} title="Lineage of its versions" />;
}
