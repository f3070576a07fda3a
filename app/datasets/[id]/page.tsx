import { requireActor } from '@/server/auth/page-guard';
import { DatasetDetail } from './dataset-detail';
import { DatasetLineageSection } from '../../lineage/_components/dataset-lineage-section';

export default async function DatasetPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { ability } = await requireActor(`/datasets/${id}`);
  if (!ability.can('read', 'Dataset')) return <p className="error">You have no access to datasets.</p>;
  return (
    <>
      <DatasetDetail id={id} canUpload={ability.can('create', 'DatasetVersion')} />
      {ability.can('read', 'Lineage') && <DatasetLineageSection datasetId={id} />}
    </>
  );
}
