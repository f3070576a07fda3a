import { requireActor } from '@/server/auth/page-guard';
import { AuditLogExport } from './audit-log-export';
import { ReportExporter } from './report-exporter';

/** Auditor pages: a model or dataset version's report (PDF, JSON, ML-BOM), and the audit log with its verifier. */
export default async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { ability } = await requireActor('/reports');
  const params = await searchParams;
  const canReport = ability.can('create', 'Report');
  const canExportAudit = ability.can('export', 'AuditEvent');
  const initial = params.modelVersion
    ? { subjectType: 'ModelVersion' as const, subjectId: params.modelVersion }
    : params.datasetVersion
      ? { subjectType: 'DatasetVersion' as const, subjectId: params.datasetVersion }
      : null;
  return (
    <section className="stack">
      <h1>Reports</h1>
      {canReport ? (
        <ReportExporter initial={initial} />
      ) : (
        <p className="muted">Reports are made by auditors, governance officers, admins, and the data scientists and ML engineers of a model’s team.</p>
      )}
      {canExportAudit && <AuditLogExport />}
    </section>
  );
}
