import Link from 'next/link';
import { asSubject } from '@/policies/ability';
import { listVersions, readModel } from '@/server/services/models';
import { modelPath, orNotFound, pageContext } from '../_components/page-context';

export default async function ModelPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<{ before?: string }> }) {
  const name = decodeURIComponent((await params).name);
  const before = Number((await searchParams).before) || undefined;
  const { ctx, ability } = await pageContext(modelPath(name));
  const model = await orNotFound(readModel(ctx, name));
  const { versions, nextBefore } = await listVersions(ctx, { name: model.name, limit: 50, ...(before ? { before } : {}) });
  return (
    <section className="stack">
      <h1>{model.name}</h1>
      <p>{model.description || <span className="muted">No description.</span>}</p>
      <dl className="card facts">
        <dt>Team</dt>
        <dd>{model.teamName}</dd>
        <dt>Owner</dt>
        <dd>
          {model.ownerName} ({model.ownerEmail})
        </dd>
        <dt>Risk tier</dt>
        <dd>{model.riskTier}</dd>
        <dt>Tags</dt>
        <dd>{model.tags.join(', ') || '—'}</dd>
        <dt>Registered</dt>
        <dd>
          {model.createdAt.toISOString()} by {model.createdByEmail}
        </dd>
      </dl>
      <div className="row">
        <h2>Versions</h2>
        {ability.can('create', asSubject('ModelVersion', { teamId: model.teamId })) && (
          <Link href={modelPath(model.name, 'versions', 'new')} className="badge">
            Register a new version
          </Link>
        )}
      </div>
      <table>
        <thead>
          <tr>
            <th>Version</th>
            <th>Artifact SHA-256</th>
            <th>Format</th>
            <th>Metrics</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id}>
              <td>
                <Link href={modelPath(model.name, 'versions', v.version)}>v{v.version}</Link>
              </td>
              <td>
                <code>{v.artifactSha256.slice(0, 16)}…</code>
              </td>
              <td>{v.artifactFormat}</td>
              <td>
                {Object.entries(v.metrics)
                  .map(([k, n]) => `${k} ${n}`)
                  .join(', ')}
              </td>
              <td>
                {v.createdAt.toISOString()} by {v.createdByName}
              </td>
            </tr>
          ))}
          {versions.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No versions yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {nextBefore && <Link href={`${modelPath(model.name)}?before=${nextBefore}`}>Older versions</Link>}
    </section>
  );
}
