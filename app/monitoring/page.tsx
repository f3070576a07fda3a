import { requireActor } from '@/server/auth/page-guard';
import { MonitoringOverview } from './monitoring-overview';

/** Every deployed or alerting model version the user may read: where it runs, its traffic and its alerts. */
export default async function MonitoringPage() {
  await requireActor('/monitoring');
  return (
    <section className="stack">
      <h1>Monitoring</h1>
      <p className="muted">
        Usage, latency and input drift of the model versions you may read that are deployed or have an open alert. Prometheus scrapes{' '}
        <code>/metrics</code> with a token holding <code>monitoring:read</code>.
      </p>
      <MonitoringOverview />
    </section>
  );
}
