import { requireActor } from '@/server/auth/page-guard';
import { DatasetList } from './dataset-list';

export default async function DatasetsPage() {
  const { ability } = await requireActor('/datasets');
  if (!ability.can('read', 'Dataset')) return <p className="error">You have no access to datasets.</p>;
  return (
    <section className="stack">
      <h1>Datasets</h1>
      <p className="muted">Every version is scanned for personal data on upload and classified from what the scan finds.</p>
      <DatasetList canCreate={ability.can('create', 'Dataset')} />
    </section>
  );
}
