import Link from 'next/link';
import { notFound } from 'next/navigation';
import { asSubject } from '@/policies/ability';
import type { ValueSignature } from '@/server/onnx/inspect-onnx';
import { readVersion } from '@/server/services/models';
import { CodeRef } from '../../../_components/code-ref';
import { CopyableValue } from '../../../_components/copy-button';
import { ModelCard } from '../../../_components/model-card';
import { LineageSection } from '../../../../lineage/_components/lineage-section';
import { modelPath, orNotFound, pageContext } from '../../../_components/page-context';
import { VersionMonitoring } from '../../../../monitoring/_components/version-monitoring';
import { DeploymentsSection } from './deployments-section';
import { PredictionsSection } from './predictions-section';

function SignatureTable({ title, values }: { title: string; values: ValueSignature[] }) {
  return (
    <table aria-label={title}>
      <thead>
        <tr>
          <th>{title}</th>
          <th>Type</th>
          <th>Shape</th>
        </tr>
      </thead>
      <tbody>
        {values.map((v) => (
          <tr key={v.name}>
            <td>
              <code>{v.name}</code>
            </td>
            <td>{v.type}</td>
            <td>
              <code>{v.shape ? `[${v.shape.map((d) => d ?? '?').join(', ')}]` : 'unknown'}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function KeyValues({ values, empty }: { values: Record<string, unknown>; empty: string }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return <span className="muted">{empty}</span>;
  return (
    <ul>
      {entries.map(([k, v]) => (
        <li key={k}>
          <code>{k}</code> {String(v)}
        </li>
      ))}
    </ul>
  );
}

/** Every recorded fact of one version. */
export default async function VersionPage({ params }: { params: Promise<{ name: string; version: string }> }) {
  const { name: rawName, version: rawVersion } = await params;
  const name = decodeURIComponent(rawName);
  const number = Number(rawVersion);
  if (!Number.isInteger(number) || number < 1) notFound();
  const { ctx, ability } = await pageContext(modelPath(name, 'versions', number));
  const v = await orNotFound(readVersion(ctx, { name, version: number }));
  return (
    <section className="stack">
      <h1>
        <Link href={modelPath(v.modelName)}>{v.modelName}</Link> · version {v.version}
      </h1>
      <dl className="card facts">
        <dt>Artifact SHA-256</dt>
        <dd>
          <CopyableValue value={v.artifactSha256} label="artifact SHA-256" />
        </dd>
        <dt>Size</dt>
        <dd>{v.artifactSize.toLocaleString('en-US')} bytes</dd>
        <dt>Format</dt>
        <dd>{v.artifactFormat}</dd>
        <dt>Storage key</dt>
        <dd>
          <code>{v.artifactKey}</code>
        </dd>
        <dt>Training code</dt>
        <dd>
          <CodeRef code={v.trainingCode} label="training code" />
        </dd>
        <dt>Prediction code</dt>
        <dd>
          <CodeRef code={v.predictionCode} label="prediction code" />
        </dd>
        <dt>Dependencies</dt>
        <dd>
          <KeyValues values={v.dependencies} empty="None recorded." />
          {v.lockfileSha256 && <CopyableValue value={v.lockfileSha256} label="lockfile SHA-256" />}
        </dd>
        <dt>Parameters</dt>
        <dd>
          <KeyValues values={v.parameters} empty="None recorded." />
        </dd>
        <dt>Metrics</dt>
        <dd>
          <KeyValues values={v.metrics} empty="None recorded." />
        </dd>
        <dt>Training data</dt>
        <dd>
          {v.trainingData.length === 0 ? (
            <span className="muted">None recorded.</span>
          ) : (
            <ul aria-label="Training data">
              {v.trainingData.map((d) => (
                <li key={d.datasetVersionId}>
                  {d.visible ? (
                    <>
                      <Link href={`/datasets/${d.datasetId}`}>{d.datasetName}</Link>{' '}
                      <Link href={`/datasets/${d.datasetId}/versions/${d.datasetVersionId}`}>v{d.number}</Link>{' '}
                      <span className="badge">{d.classification ?? 'not yet classified'}</span>
                    </>
                  ) : (
                    <span className="muted">
                      a dataset version you may not read (<code>{d.datasetVersionId}</code>)
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Registered</dt>
        <dd>
          {v.createdAt.toISOString()} by {v.createdByName} ({v.createdByEmail})
        </dd>
      </dl>
      <section className="stack" aria-label="Signature">
        <h2>Signature</h2>
        {v.signature ? (
          <>
            <SignatureTable title="Input" values={v.signature.inputs} />
            <SignatureTable title="Output" values={v.signature.outputs} />
            <p className="muted">
              ONNX IR {v.signature.irVersion}, opset {v.signature.opset ?? 'none'}
              {v.signature.producer && `, produced by ${v.signature.producer.name} ${v.signature.producer.version ?? ''}`}
            </p>
          </>
        ) : (
          <p className="muted">Not an ONNX artifact: no signature.</p>
        )}
      </section>
      <ModelCard card={v.modelCard} />
      {ability.can('read', asSubject('Lineage', v)) && <LineageSection kind="model_version" subjectIds={[v.id]} />}
      <DeploymentsSection name={v.modelName} version={v.version} canDeploy={ability.can('create', asSubject('Deployment', v))} />
      <section className="stack" aria-label="Version monitoring">
        <h2>Monitoring</h2>
        <VersionMonitoring name={v.modelName} version={v.version} compact />
      </section>
      {ability.can('export', asSubject('ModelVersion', v)) && (
        <a href={`/api/portal${modelPath(v.modelName, 'versions', v.version, 'artifact')}`} download>
          Download artifact
        </a>
      )}
      {ability.can('create', asSubject('Report', v)) && <Link href={`/reports?modelVersion=${v.id}`}>Lineage report (PDF, JSON, ML-BOM)</Link>}
      {ability.can('read', asSubject('Prediction', v)) && (
        <PredictionsSection name={v.modelName} version={v.version} canExport={ability.can('export', asSubject('Prediction', v))} />
      )}
    </section>
  );
}
