'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { errorMessage, useTRPC } from '@/lib/trpc-client';
import { monitoringPath } from './_components/version-monitoring';

const ms = (v: number | null) => (v === null ? '–' : `${v.toFixed(2)} ms`);

export function MonitoringOverview() {
  const trpc = useTRPC();
  const overview = useQuery({ ...trpc.monitoring.overview.queryOptions(), refetchInterval: 15_000 });
  if (overview.error) return <p role="alert" className="error">{errorMessage(overview.error)}</p>;
  if (!overview.data) return <p className="muted">Loading…</p>;
  if (overview.data.length === 0) return <p className="muted">No model version you may read is deployed or alerting.</p>;
  return (
    <table aria-label="Monitored versions">
      <thead>
        <tr>
          <th>Model version</th>
          <th>Deployed in</th>
          <th>Calls (last hour)</th>
          <th>p50 / p95 / p99 (last hour)</th>
          <th>Alerts</th>
        </tr>
      </thead>
      <tbody>
        {overview.data.map((v) => (
          <tr key={v.id}>
            <td>
              <Link href={monitoringPath(v.model, v.version)}>
                {v.model} v{v.version}
              </Link>
            </td>
            <td>{v.environments.join(', ') || <span className="muted">not deployed</span>}</td>
            <td>{v.lastHour.calls.toLocaleString('en-US')}</td>
            <td>
              {ms(v.lastHour.p50)} / {ms(v.lastHour.p95)} / {ms(v.lastHour.p99)}
            </td>
            <td>
              {v.alerts.length === 0 ? (
                <span className="badge ok">none</span>
              ) : (
                v.alerts.map((a) => (
                  <div key={a.id}>
                    <span className="badge bad">{a.kind}</span> <span className="badge">{a.state}</span> {a.summary}
                  </div>
                ))
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
