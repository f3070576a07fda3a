import { requireActor } from '@/server/auth/page-guard';
import { VersionDetail } from './version-detail';
import { LineageSection } from '../../../../lineage/_components/lineage-section';

export default async function DatasetVersionPage({ params }: { params: Promise<{ id: string; versionId: string }> }) {
  const { id, versionId } = await params;
  const { ability } = await requireActor(`/datasets/${id}/versions/${versionId}`);
  if (!ability.can('read', 'DatasetVersion')) return <p className="error">You have no access to datasets.</p>;
  return (
    <>
      <VersionDetail
        versionId={versionId}
        canClassify={ability.can('update', 'DatasetVersion')}
        canManageScans={ability.can('update', 'DatasetScan')}
      />
      {ability.can('read', 'Lineage') && <LineageSection kind="dataset_version" subjectIds={[versionId]} />}
    </>
  );
}
