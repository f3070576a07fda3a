'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';

type TSubject = { subjectType: 'ModelVersion' | 'DatasetVersion'; subjectId: string };
type TFormat = 'pdf' | 'json' | 'mlbom';
const FORMAT_LABELS: Record<TFormat, string> = { pdf: 'PDF', json: 'JSON', mlbom: 'CycloneDX ML-BOM' };

/** Pick a model or dataset version, see whether its report runs now or as a job, and export it. */
export function ReportExporter({ initial }: { initial: TSubject | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [subject, setSubject] = useState<TSubject | null>(initial);
  const [format, setFormat] = useState<TFormat>('pdf');
  const subjects = useQuery(trpc.reports.subjects.queryOptions({ q: q || undefined, limit: 100 }));
  const plan = useQuery({ ...trpc.reports.plan.queryOptions(subject ?? { subjectType: 'ModelVersion', subjectId: '00000000-0000-0000-0000-000000000000' }), enabled: subject !== null });
  const jobs = useQuery({
    ...trpc.reports.jobs.queryOptions({}),
    refetchInterval: (query) => (query.state.data?.some((j) => j.status === 'queued' || j.status === 'running') ? 1_000 : false),
  });
  const start = useMutation(trpc.reports.start.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.reports.jobs.queryKey() }) }));
  const effectiveFormat: TFormat = subject?.subjectType === 'DatasetVersion' && format === 'mlbom' ? 'pdf' : format;
  const value = subject ? `${subject.subjectType}:${subject.subjectId}` : '';
  const href = subject ? `/reports/download?subjectType=${subject.subjectType}&subjectId=${subject.subjectId}&format=${effectiveFormat}` : '#';

  return (
    <div className="stack">
      <div className="card stack" aria-label="Export a report">
        <h2>Model or dataset version report</h2>
        <label>
          Search <input value={q} onChange={(e) => setQ(e.target.value)} placeholder="model, dataset or team name" />
        </label>
        <label>
          Subject
          <select
            name="subject"
            value={value}
            onChange={(e) => {
              const [subjectType, subjectId] = e.target.value.split(':');
              setSubject(subjectId ? { subjectType: subjectType as TSubject['subjectType'], subjectId } : null);
            }}
          >
            <option value="">Pick a model version or dataset version</option>
            {subject && !subjects.data?.modelVersions.some((m) => m.id === subject.subjectId) && !subjects.data?.datasetVersions.some((d) => d.id === subject.subjectId) && (
              <option value={value}>{plan.data?.subject.label ?? subject.subjectId}</option>
            )}
            <optgroup label="Model versions">
              {subjects.data?.modelVersions.map((m) => (
                <option key={m.id} value={`ModelVersion:${m.id}`}>
                  {m.model} v{m.version} ({m.team}) sha256 {m.artifactSha256.slice(0, 12)}
                </option>
              ))}
            </optgroup>
            <optgroup label="Dataset versions">
              {subjects.data?.datasetVersions.map((d) => (
                <option key={d.id} value={`DatasetVersion:${d.id}`}>
                  {d.dataset} v{d.number} ({d.team}, {d.classification ?? 'not classified'})
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <fieldset className="row">
          <legend>Format</legend>
          {(Object.keys(FORMAT_LABELS) as TFormat[]).map((f) => (
            <label key={f}>
              <input type="radio" name="format" value={f} checked={effectiveFormat === f} disabled={f === 'mlbom' && subject?.subjectType === 'DatasetVersion'} onChange={() => setFormat(f)} />{' '}
              {FORMAT_LABELS[f]}
            </label>
          ))}
        </fieldset>
        {subjects.error && <p role="alert" className="error">{errorMessage(subjects.error)}</p>}
        {plan.error && <p role="alert" className="error">{errorMessage(plan.error)}</p>}
        {subject && plan.data && (
          <div className="stack">
            <p>
              <strong>{plan.data.subject.label}</strong>: lineage of {plan.data.lineageNodes} node{plan.data.lineageNodes === 1 ? '' : 's'}.{' '}
              {plan.data.mode === 'job' && effectiveFormat !== 'mlbom' ? 'A report this large runs in the background with progress.' : 'The report is made now.'}
            </p>
            {plan.data.mode === 'job' && effectiveFormat !== 'mlbom' ? (
              <button type="button" disabled={start.isPending} onClick={() => start.mutate({ ...subject, format: effectiveFormat })}>
                Generate {FORMAT_LABELS[effectiveFormat]} report in the background
              </button>
            ) : (
              <a className="button" href={href} download>
                Export {FORMAT_LABELS[effectiveFormat]} report
              </a>
            )}
            {start.error && <p role="alert" className="error">{errorMessage(start.error)}</p>}
          </div>
        )}
        <p className="muted">
          Each exported file’s SHA-256 and size are recorded in the audit trail (<code>report.generated</code>) before it is sent. A report holds only what you may read.
        </p>
      </div>
      <div className="card stack" aria-label="Report jobs">
        <h2>Background reports</h2>
        {jobs.error && <p role="alert" className="error">{errorMessage(jobs.error)}</p>}
        {jobs.data?.length === 0 && <p className="muted">None yet.</p>}
        {jobs.data && jobs.data.length > 0 && (
          <table>
            <thead>
              <tr>
                <th>Subject</th>
                <th>Format</th>
                <th>Status</th>
                <th>Progress</th>
                <th>File</th>
              </tr>
            </thead>
            <tbody>
              {jobs.data.map((j) => (
                <tr key={j.id} data-job-status={j.status}>
                  <td>{j.subjectLabel}</td>
                  <td>{FORMAT_LABELS[j.format]}</td>
                  <td className={j.status === 'failed' ? 'error' : ''}>
                    {j.status}
                    {j.errorMessage ? `: ${j.errorMessage}` : ''}
                  </td>
                  <td>
                    <progress max={100} value={j.progress} aria-label={`progress of ${j.subjectLabel}`} /> {j.progress}% {j.status === 'running' ? j.stage : ''}
                  </td>
                  <td>
                    {j.downloadPath ? (
                      <a href={j.downloadPath} download>
                        Download
                      </a>
                    ) : (
                      '-'
                    )}
                    {j.sha256 && <code title={j.sha256}> sha256 {j.sha256.slice(0, 12)}</code>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
