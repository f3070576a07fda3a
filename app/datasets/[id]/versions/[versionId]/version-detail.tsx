'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { errorMessage, useTRPC } from '@/lib/trpc-client';
import { ClassificationBadge } from '../../../_components/classification-badge';
import { formatBytes } from '../../../_components/format';
import { ScanStatus } from '../../../_components/scan-status';
import { ClassificationForm } from './classification-form';
import { ExceptionForm } from './exception-form';

const OPEN = ['queued', 'running'];

export function VersionDetail({ versionId, canClassify, canManageScans }: { versionId: string; canClassify: boolean; canManageScans: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const version = useQuery({
    ...trpc.datasets.version.queryOptions({ versionId }),
    refetchInterval: (query) => (OPEN.includes(query.state.data?.scan?.status ?? '') ? 1000 : false),
  });
  const onChange = { onSuccess: (data: unknown) => queryClient.setQueryData(trpc.datasets.version.queryKey({ versionId }), data as never) };
  const rescan = useMutation(trpc.datasets.rescan.mutationOptions(onChange));
  const cancel = useMutation(trpc.datasets.cancelScan.mutationOptions(onChange));
  if (version.error) return <p role="alert" className="error">{errorMessage(version.error)}</p>;
  const v = version.data;
  if (!v) return <p className="muted">Loading…</p>;
  const scanOpen = OPEN.includes(v.scan?.status ?? '');
  return (
    <section className="stack">
      <h1>
        <Link href={`/datasets/${v.datasetId}`}>{v.datasetName}</Link> v{v.number}
      </h1>
      <div className="cards">
        <div className="card">
          <h2>File</h2>
          <p>
            {v.fileName} · {v.format} · {formatBytes(v.sizeBytes)}
            {v.rowCount !== null ? ` · ${v.rowCount} rows` : ''}
          </p>
          <p className="muted">
            SHA-256 <code>{v.sha256}</code>
          </p>
          <p className="muted">
            Uploaded by {v.createdByName} on {v.createdAt.toLocaleString()}
          </p>
          {v.content.allowed ? (
            <a href={`/api/portal/datasets/${v.datasetId}/versions/${v.number}/content`} download>
              Download content
            </a>
          ) : (
            <p role="note" aria-label="Content access" className="error">
              Reading this {v.classification} version&apos;s content (download, masked samples) needs a live access grant.{' '}
              {v.content.canRequest ? <Link href={v.content.requestUrl}>Request access</Link> : 'Ask its owner or a governance officer.'}
            </p>
          )}
          {v.content.via === 'grant' && <p className="muted">Your access grant is live until {v.content.grantExpiresAt?.toLocaleString()}.</p>}
        </div>
        <div className="card">
          <h2>Classification</h2>
          <p>
            <ClassificationBadge value={v.classification} />
          </p>
          {v.scan?.reasons && (
            <ul>
              {v.scan.reasons.slice(0, 5).map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
        </div>
        <div className="card">
          <h2>PII scan</h2>
          <ScanStatus scan={v.scan} />
          <p className="muted">{v.scan ? `Scanner ${v.scan.scannerVersion}` : ''}</p>
          {canManageScans && (
            <div className="row">
              {scanOpen ? (
                <button type="button" className="danger" onClick={() => cancel.mutate({ versionId })}>
                  Cancel scan
                </button>
              ) : (
                <button type="button" className="secondary" onClick={() => rescan.mutate({ versionId })}>
                  Scan again
                </button>
              )}
            </div>
          )}
          {(rescan.error ?? cancel.error) && <p role="alert" className="error">{errorMessage(rescan.error ?? cancel.error)}</p>}
        </div>
      </div>

      {v.trainedModels.length > 0 && (
        <p>
          Models trained on it:{' '}
          {v.trainedModels.map((m) => (
            <Link key={m.modelVersionId} href={`/models/${encodeURIComponent(m.modelName)}/versions/${m.version}`}>
              {m.modelName} v{m.version}{' '}
            </Link>
          ))}
        </p>
      )}

      {v.columns && (
        <p className="muted">Columns: {v.columns.map((c) => `${c.name} (${c.type})`).join(', ')}</p>
      )}

      <h2>Findings</h2>
      <table aria-label="Findings">
        <thead>
          <tr>
            <th>Where</th>
            <th>Entity</th>
            <th>Count</th>
            <th>Confidence</th>
            <th>Detector</th>
            <th>Masked samples</th>
            <th>Explanation</th>
          </tr>
        </thead>
        <tbody>
          {v.findings.map((f) => (
            <tr key={`${f.location}-${f.entityType}`}>
              <td>{f.location}</td>
              <td>{f.entityType}</td>
              <td>{f.count}</td>
              <td>{f.confidence.toFixed(2)}</td>
              <td>{f.detector}</td>
              <td>
                {v.content.samplesWithheld && <span className="muted">withheld: needs a grant</span>}
                {f.maskedSamples.map((s) => (
                  <code key={s} className="sample">
                    {s}{' '}
                  </code>
                ))}
              </td>
              <td>{f.explanation}</td>
            </tr>
          ))}
          {v.findings.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                {v.scan?.status === 'completed' ? 'No personal data found.' : 'Findings appear when the scan completes.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>

      <h2>Classification history</h2>
      <table aria-label="Classification history">
        <thead>
          <tr>
            <th>When</th>
            <th>From</th>
            <th>To</th>
            <th>By</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {v.history.map((h) => (
            <tr key={h.changedAt.toISOString()}>
              <td>{h.changedAt.toLocaleString()}</td>
              <td>{h.from ?? '—'}</td>
              <td>{h.to}</td>
              <td>{h.changedByName ?? 'PII scan'}</td>
              <td>{h.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canClassify && <ClassificationForm versionId={versionId} current={v.classification} />}
      {canClassify && v.classification === 'restricted' && <ExceptionForm versionId={versionId} />}
    </section>
  );
}
