'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc-client';
import { monitoringPath } from './version-monitoring';

/**
 * The dashboard's monitoring inbox: unresolved alerts of the models the actor acts on (their
 * teams' models for scientists and engineers, every model for governance officers).
 */
export function MonitoringAlertInbox() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const roles: string[] = me.data?.roles ?? [];
  const eligible = roles.some((r) => r === 'governance_officer' || r === 'data_scientist' || r === 'ml_engineer');
  const alerts = useQuery({ ...trpc.monitoring.inbox.queryOptions(), enabled: eligible, refetchInterval: 30_000 });
  if (!eligible) return null;
  return (
    <div className="card" aria-label="Monitoring alerts">
      <h2>Monitoring alerts</h2>
      {!alerts.data ? (
        <p className="muted">Loading…</p>
      ) : alerts.data.length === 0 ? (
        <p className="muted">No open monitoring alert on your models.</p>
      ) : (
        <ul>
          {alerts.data.map((a) => (
            <li key={a.id}>
              <Link href={monitoringPath(a.model, a.version)}>
                {a.model} v{a.version}
              </Link>{' '}
              <span className="badge bad">{a.kind}</span> <span className="badge">{a.state}</span> {a.summary}{' '}
              <span className="muted">{a.openedAt.toLocaleString()}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
