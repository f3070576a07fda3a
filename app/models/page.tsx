import Link from 'next/link';
import { listTeams } from '@/server/services/teams';
import { ModelCatalog } from './model-catalog';
import { pageContext } from './_components/page-context';

export default async function ModelsPage() {
  const { ctx, ability } = await pageContext('/models');
  const teams = await listTeams(ctx);
  return (
    <section className="stack">
      <div className="row">
        <h1>Model catalog</h1>
        {ability.can('create', 'RegisteredModel') && (
          <Link href="/models/new" className="badge">
            Register a model
          </Link>
        )}
      </div>
      <ModelCatalog teams={teams.map((t) => t.name)} />
    </section>
  );
}
