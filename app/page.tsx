import Link from 'next/link';
import { ROLE_LABELS } from '@/policies/vocabulary';
import { requireActor } from '@/server/auth/page-guard';
import { getDatabase } from '@/server/runtime';
import { serviceContext } from '@/server/services/context';
import { listTeams } from '@/server/services/teams';
import { MonitoringAlertInbox } from './monitoring/_components/alert-inbox';
import { GovernanceInbox } from './promotions/_components/governance-inbox';

export default async function DashboardPage() {
  const { actor } = await requireActor('/');
  const { db } = await getDatabase();
  const teams = await listTeams(serviceContext(db, actor));
  const mine = teams.filter((t) => actor.teamIds.includes(t.id));
  return (
    <section className="stack">
      <h1>Welcome, {actor.name}</h1>
      <div className="cards">
        <div className="card">
          <h2>Your roles</h2>
          <p>{actor.roles.map((r) => ROLE_LABELS[r]).join(', ') || 'No role yet: ask an admin.'}</p>
        </div>
        <div className="card">
          <h2>Your teams</h2>
          <p>{mine.map((t) => t.name).join(', ') || 'No team.'}</p>
        </div>
        <div className="card">
          <h2>Your activity</h2>
          <p>
            <Link href={`/audit?actor=${encodeURIComponent(actor.userId)}`}>What you did, in the audit log</Link>
          </p>
        </div>
      </div>
      <GovernanceInbox />
      <MonitoringAlertInbox />
    </section>
  );
}
