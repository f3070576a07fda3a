import Link from 'next/link';
import { defineAbilityFor } from '@/policies/ability';
import { ROLE_LABELS } from '@/policies/vocabulary';
import { sessionActor } from '@/server/auth/options';
import { SignOutButton } from './sign-out-button';

/** The top bar: links the signed-in user may use, and who they are. */
export async function Nav() {
  const actor = await sessionActor();
  const ability = actor ? defineAbilityFor(actor) : null;
  return (
    <header className="topbar">
      <Link href="/" className="brand">
        Modelgate
      </Link>
      {actor && ability && (
        <nav>
          <Link href="/">Dashboard</Link>
          {ability.can('read', 'RegisteredModel') && <Link href="/models">Models</Link>}
          {ability.can('read', 'Dataset') && <Link href="/datasets">Datasets</Link>}
          {ability.can('read', 'ModelVersion') && <Link href="/monitoring">Monitoring</Link>}
          <Link href="/promotions">Promotions</Link>
          <Link href="/access">Data access</Link>
          <Link href="/environments">Environments</Link>
          <Link href="/audit">Audit log</Link>
          {(ability.can('create', 'Report') || ability.can('export', 'AuditEvent')) && <Link href="/reports">Reports</Link>}
          <Link href="/tokens">API tokens</Link>
          {ability.can('create', 'User') && <Link href="/admin/users">Users</Link>}
          {ability.can('create', 'Team') && <Link href="/admin/teams">Teams</Link>}
          <Link href="/api-docs">API</Link>
        </nav>
      )}
      <div className="who">
        {actor ? (
          <>
            <span title={actor.email}>
              {actor.name} · {actor.roles.map((r) => ROLE_LABELS[r]).join(', ') || 'no role'}
            </span>
            <SignOutButton />
          </>
        ) : (
          <Link href="/signin">Sign in</Link>
        )}
      </div>
    </header>
  );
}
