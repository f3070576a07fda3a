import { pageAllows } from '@/server/auth/page-guard';
import { TeamsAdmin } from './teams-admin';

export default async function TeamsPage() {
  const { allowed } = await pageAllows('/admin/teams', 'create', 'Team');
  if (!allowed) return <p className="error">Only admins manage teams.</p>;
  return (
    <section>
      <h1>Teams</h1>
      <TeamsAdmin />
    </section>
  );
}
