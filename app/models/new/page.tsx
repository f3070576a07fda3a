import { RISK_TIERS } from '@/db/schema';
import { asSubject } from '@/policies/ability';
import { listTeams } from '@/server/services/teams';
import { pageContext } from '../_components/page-context';
import { CreateModelForm } from './create-model-form';

export default async function NewModelPage() {
  const { ctx, ability } = await pageContext('/models/new');
  const teams = (await listTeams(ctx)).filter((t) => ability.can('create', asSubject('RegisteredModel', { teamId: t.id })));
  if (teams.length === 0) return <p className="error">Only data scientists and ML engineers register models, for their own teams.</p>;
  return (
    <section className="stack">
      <h1>Register a model</h1>
      <CreateModelForm teams={teams.map((t) => ({ id: t.id, name: t.name }))} riskTiers={[...RISK_TIERS]} />
    </section>
  );
}
