import Link from 'next/link';
import { notFound } from 'next/navigation';
import { readVersion } from '@/server/services/models';
import { modelPath, orNotFound, pageContext } from '../../../../models/_components/page-context';
import { VersionMonitoring } from '../../../_components/version-monitoring';

/** One version's monitoring: usage and latency over time, feature drift, thresholds and alerts. */
export default async function VersionMonitoringPage({ params }: { params: Promise<{ name: string; version: string }> }) {
  const { name: rawName, version: rawVersion } = await params;
  const name = decodeURIComponent(rawName);
  const number = Number(rawVersion);
  if (!Number.isInteger(number) || number < 1) notFound();
  const { ctx } = await pageContext(`/monitoring/${encodeURIComponent(name)}/versions/${number}`);
  const v = await orNotFound(readVersion(ctx, { name, version: number }));
  return (
    <section className="stack">
      <h1>
        Monitoring · <Link href={modelPath(v.modelName, 'versions', v.version)}>{v.modelName} version {v.version}</Link>
      </h1>
      <VersionMonitoring name={v.modelName} version={v.version} />
    </section>
  );
}
