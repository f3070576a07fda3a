import { requireActor } from '@/server/auth/page-guard';
import { AuditExplorer } from './audit-explorer';

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { ability } = await requireActor('/audit');
  const params = await searchParams;
  return (
    <section className="stack">
      <h1>Audit log</h1>
      <AuditExplorer
        initialActor={params.actor ?? ''}
        canVerify={ability.can('read', 'AuditCheckpoint')}
        canExport={ability.can('export', 'AuditEvent')}
      />
    </section>
  );
}
