'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { errorMessage, useTRPC } from '@/lib/trpc-client';
import { ClassificationBadge } from '../_components/classification-badge';
import { formatBytes } from '../_components/format';
import { ScanStatus } from '../_components/scan-status';
import { UploadVersionForm } from './upload-version-form';

export function DatasetDetail({ id, canUpload }: { id: string; canUpload: boolean }) {
  const trpc = useTRPC();
  const dataset = useQuery({
    ...trpc.datasets.get.queryOptions({ id }),
    // Poll while any scan is still going, so statuses move on their own.
    refetchInterval: (query) => (query.state.data?.versions.some((v) => v.scan && ['queued', 'running'].includes(v.scan.status)) ? 1000 : false),
  });
  if (dataset.error) return <p role="alert" className="error">{errorMessage(dataset.error)}</p>;
  const d = dataset.data;
  if (!d) return <p className="muted">Loading…</p>;
  return (
    <section className="stack">
      <h1>{d.name}</h1>
      <p className="muted">
        {d.teamName} · owned by {d.ownerName} · {d.description}
      </p>
      {d.content.gated && (
        <p role="note" aria-label="Content access" className={d.content.allowed ? 'muted' : 'error'}>
          {d.content.allowed ? (
            d.content.via === 'grant' ? (
              <>Your access grant is live until {d.content.grantExpiresAt?.toLocaleString()}.</>
            ) : (
              <>You may read this dataset&apos;s content ({d.content.via === 'owner' ? 'its owner' : 'governance officer'}).</>
            )
          ) : (
            <>
              Reading the content of its confidential or restricted versions needs a live access grant.{' '}
              {d.content.canRequest ? <Link href={d.content.requestUrl}>Request access</Link> : 'Ask its owner or a governance officer.'}
            </>
          )}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>Version</th>
            <th>File</th>
            <th>Format</th>
            <th>Size</th>
            <th>Rows</th>
            <th>Classification</th>
            <th>Scan</th>
            <th>Models trained on it</th>
          </tr>
        </thead>
        <tbody>
          {d.versions.map((v) => (
            <tr key={v.id}>
              <td>
                <Link href={`/datasets/${d.id}/versions/${v.id}`}>v{v.number}</Link>
              </td>
              <td>{v.fileName}</td>
              <td>{v.format}</td>
              <td>{formatBytes(v.sizeBytes)}</td>
              <td>{v.rowCount ?? '—'}</td>
              <td>
                <ClassificationBadge value={v.classification} />
              </td>
              <td>
                <ScanStatus scan={v.scan} />
              </td>
              <td>
                {v.trainedModels.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  v.trainedModels.map((m) => (
                    <Link key={m.modelVersionId} href={`/models/${encodeURIComponent(m.modelName)}/versions/${m.version}`}>
                      {m.modelName} v{m.version}{' '}
                    </Link>
                  ))
                )}
              </td>
            </tr>
          ))}
          {d.versions.length === 0 && (
            <tr>
              <td colSpan={8} className="muted">
                No versions yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {canUpload && <UploadVersionForm datasetId={d.id} />}
    </section>
  );
}
