'use client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';
import { BarChart, LineChart } from './charts';

const RANGES = [
  { label: 'Last hour', hours: 1 },
  { label: 'Last 6 hours', hours: 6 },
  { label: 'Last 24 hours', hours: 24 },
  { label: 'Last 7 days', hours: 24 * 7 },
] as const;

const ms = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${v.toFixed(2)} ms`);
const num = (v: number | null) => (v === null ? '–' : v.toFixed(3));

export function monitoringPath(name: string, version: number) {
  return `/monitoring/${encodeURIComponent(name)}/versions/${version}`;
}

/**
 * A version's monitoring: calls and p50/p95/p99 latency over time, the drift of each input
 * feature (PSI, KS) against the reference, thresholds and alerts. Refreshes every 10 s.
 */
export function VersionMonitoring({ name, version, compact = false }: { name: string; version: number; compact?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [hours, setHours] = useState<number>(compact ? 6 : 1);
  // The range ends now (the server's clock); its start moves once a minute, so the query key stays put between refetches.
  const from = new Date(Math.floor(Date.now() / 60_000) * 60_000 - hours * 3_600_000);
  const query = useQuery({
    ...trpc.monitoring.version.queryOptions({ name, version, from, bucket: hours <= 6 ? 'minute' : 'hour' }),
    refetchInterval: 10_000,
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.monitoring.pathKey() });
  const acknowledge = useMutation(trpc.monitoring.acknowledge.mutationOptions({ onSuccess: refresh }));
  const resolve = useMutation(trpc.monitoring.resolve.mutationOptions({ onSuccess: refresh }));
  const thresholds = useMutation(trpc.monitoring.setThresholds.mutationOptions({ onSuccess: refresh }));
  const failure = acknowledge.error ?? resolve.error ?? thresholds.error;

  if (query.error) return <p role="alert" className="error">{errorMessage(query.error)}</p>;
  const m = query.data;
  if (!m) return <p className="muted">Loading monitoring…</p>;

  const times = m.usage.map((p) => p.at);
  const unresolved = m.alerts.filter((a) => a.state !== 'resolved');

  function saveThresholds(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    thresholds.mutate({ name, version, psi: Number(form.get('psi')), ks: Number(form.get('ks')), p99LatencyMs: Number(form.get('p99')) });
  }

  return (
    <div className="stack" aria-label="Monitoring">
      <div className="row">
        {RANGES.map((r) => (
          <button key={r.hours} type="button" className={r.hours === hours ? '' : 'secondary'} onClick={() => setHours(r.hours)} aria-pressed={r.hours === hours}>
            {r.label}
          </button>
        ))}
        {compact && <Link href={monitoringPath(name, version)}>Open the monitoring page</Link>}
      </div>

      <section className="card stack" aria-label="Alerts">
        <h3>Alerts</h3>
        {unresolved.length === 0 ? (
          <p className="muted">No open alert.</p>
        ) : (
          <ul>
            {unresolved.map((a) => (
              <li key={a.id} className="row">
                <span className="badge bad">{a.kind} alert</span> <span className="badge">{a.state}</span> <strong>{a.summary}</strong>
                <span className="muted">opened {a.openedAt.toLocaleString()}</span>
                {m.can.updateAlerts && a.state === 'open' && (
                  <button type="button" className="secondary" onClick={() => acknowledge.mutate({ id: a.id, comment: '' })} disabled={acknowledge.isPending}>
                    Acknowledge
                  </button>
                )}
                {m.can.updateAlerts && (
                  <button type="button" className="secondary" onClick={() => resolve.mutate({ id: a.id, resolution: 'Resolved from the monitoring page.' })} disabled={resolve.isPending}>
                    Resolve
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {failure && <p role="alert" className="error">{errorMessage(failure)}</p>}
      </section>

      <section className="stack" aria-label="Usage and latency">
        <div className="cards">
          <div className="card" aria-label="Calls in range">
            <h3>Calls</h3>
            <p>
              <strong>{m.totals.calls.toLocaleString('en-US')}</strong> <span className="muted">calls in range</span>
            </p>
          </div>
          <div className="card" aria-label="Latency in range">
            <h3>Latency</h3>
            <p>
              p50 {ms(m.totals.p50)} · p95 {ms(m.totals.p95)} · p99 {ms(m.totals.p99)}
            </p>
          </div>
        </div>
        <BarChart title={`Calls per ${m.range.bucket}`} times={times} values={m.usage.map((p) => p.calls)} bucket={m.range.bucket} unit="calls" />
        <LineChart
          title={`Latency per ${m.range.bucket}`}
          times={times}
          bucket={m.range.bucket}
          unit="ms"
          series={[
            { name: 'p50', color: '#2f9e6b', values: m.usage.map((p) => p.p50) },
            { name: 'p95', color: '#d89b2b', values: m.usage.map((p) => p.p95) },
            { name: 'p99', color: '#c8443b', values: m.usage.map((p) => p.p99) },
          ]}
        />
      </section>

      <section className="stack" aria-label="Drift">
        <h3>Data drift</h3>
        <p className="muted">
          {m.profile
            ? `Reference: ${m.profile.source === 'dataset' ? 'the training dataset version' : `the first ${m.profile.rowCount} prediction rows`} (${m.profile.rowCount} rows). `
            : `No reference yet: it is built from the training data, or from the first ${m.referenceRows} prediction rows once there are that many. `}
          Window: the last {m.window.minutes} minutes{m.profile?.referenceUntil ? ' after the reference' : ''}, {m.window.rows} rows
          {!m.window.judged && m.profile ? ` (drift is judged from ${m.window.minRows} rows)` : ''}. Thresholds: PSI ≥ {m.thresholds.psi}, KS ≥ {m.thresholds.ks}, p99 &gt;{' '}
          {m.thresholds.p99LatencyMs} ms{m.thresholds.custom ? '' : ' (defaults)'}.
        </p>
        {m.drift.length > 0 && (
          <table aria-label="Feature drift">
            <thead>
              <tr>
                <th>Feature</th>
                <th>Kind</th>
                <th>PSI</th>
                <th>KS</th>
                <th>Reference rows</th>
                <th>Window rows</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {m.drift.map((d) => (
                <tr key={d.feature}>
                  <td>
                    <code>{d.feature}</code>
                  </td>
                  <td>{d.kind}</td>
                  <td className={d.psiBreached ? 'error' : undefined}>{num(d.psi)}</td>
                  <td className={d.ksBreached ? 'error' : undefined}>{num(d.ks)}</td>
                  <td>{d.referenceCount}</td>
                  <td>{d.windowCount}</td>
                  <td>{d.psiBreached || d.ksBreached ? <span className="badge bad">drift</span> : <span className="badge ok">stable</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {!compact && m.can.setThresholds && (
        <form className="card row" onSubmit={saveThresholds} aria-label="Thresholds">
          <label>
            PSI ≥ <input name="psi" type="number" step="0.01" min="0.01" defaultValue={m.thresholds.psi} required />
          </label>
          <label>
            KS ≥ <input name="ks" type="number" step="0.01" min="0.01" max="1" defaultValue={m.thresholds.ks} required />
          </label>
          <label>
            p99 latency &gt; (ms) <input name="p99" type="number" step="1" min="1" defaultValue={m.thresholds.p99LatencyMs} required />
          </label>
          <button type="submit" disabled={thresholds.isPending}>
            Save thresholds
          </button>
          {thresholds.isSuccess && <span role="status" className="ok">Saved.</span>}
        </form>
      )}

      {!compact && m.alerts.some((a) => a.state === 'resolved') && (
        <section aria-label="Resolved alerts">
          <h3>Resolved alerts</h3>
          <ul>
            {m.alerts
              .filter((a) => a.state === 'resolved')
              .map((a) => (
                <li key={a.id}>
                  {a.kind}: {a.summary} <span className="muted">resolved {a.resolvedAt?.toLocaleString()}: {a.resolution}</span>
                </li>
              ))}
          </ul>
        </section>
      )}
    </div>
  );
}
