'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '@/lib/trpc-client';
import { uploadError, uploadWithProgress, type TUploadProgress } from '@/lib/upload-with-progress';

/** The "trained on" picker: dataset versions the user may read; gated ones without a live grant point at /access. */
function TrainingDataPicker() {
  const trpc = useTRPC();
  const choices = useQuery(trpc.datasets.versionChoices.queryOptions());
  const [picked, setPicked] = useState<string[]>([]);
  const rows = choices.data ?? [];
  const ungranted = rows.filter((c) => picked.includes(c.id) && !c.usable);
  return (
    <fieldset className="stack">
      <legend>Training data</legend>
      <label>
        Trained on (dataset versions)
        <select name="trainingData" multiple size={Math.min(8, Math.max(3, rows.length))} value={picked} onChange={(e) => setPicked([...e.currentTarget.selectedOptions].map((o) => o.value))}>
          {rows.map((c) => (
            <option key={c.id} value={c.id}>
              {c.datasetName} v{c.number} · {c.classification ?? 'not yet classified'} · {c.teamName}
              {c.usable ? '' : ' · needs an access grant'}
            </option>
          ))}
        </select>
      </label>
      {rows.length === 0 && !choices.isLoading && <p className="muted">No dataset versions you may read.</p>}
      {ungranted.map((c) => (
        <p key={c.id} className="error">
          Training on {c.datasetName} ({c.classification}) needs a live access grant:{' '}
          <Link href={`/access?dataset=${c.datasetId}`}>request access to {c.datasetName}</Link>.
        </p>
      ))}
    </fieldset>
  );
}

/** "name==version" (or "name=version") per line → { name: version }. */
function parseDependencies(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [name, version] = line.split(/==|=/, 2).map((s) => s.trim());
        if (!name || !version) throw new Error(`Dependency "${line}" is not name==version.`);
        return [name, version];
      }),
  );
}

function parseJsonObject(text: string, what: string): Record<string, unknown> {
  if (!text.trim()) return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new Error(`${what} must be a JSON object, e.g. {"auc": 0.91}.`);
}

function codeRef(form: FormData, prefix: string) {
  return { repository: String(form.get(`${prefix}Repository`)).trim(), commit: String(form.get(`${prefix}Commit`)).trim() };
}

/** The metadata goes first in the form so the server validates it before reading the file. */
export function RegisterVersionForm({ modelName }: { modelName: string }) {
  const router = useRouter();
  const [progress, setProgress] = useState<TUploadProgress | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const form = new FormData(event.currentTarget);
    const file = form.get('artifact');
    if (!(file instanceof File) || file.size === 0) return setError('Choose the artifact file.');
    let metadata: unknown;
    try {
      const lockfile = String(form.get('lockfileSha256')).trim();
      metadata = {
        format: String(form.get('format')),
        trainingCode: codeRef(form, 'training'),
        predictionCode: codeRef(form, 'prediction'),
        dependencies: parseDependencies(String(form.get('dependencies'))),
        ...(lockfile ? { lockfileSha256: lockfile } : {}),
        parameters: parseJsonObject(String(form.get('parameters')), 'Parameters'),
        metrics: parseJsonObject(String(form.get('metrics')), 'Metrics'),
        trainingData: form.getAll('trainingData').map(String),
        modelCard: {
          intendedUse: String(form.get('intendedUse')),
          limitations: String(form.get('limitations')),
          ethicalConsiderations: String(form.get('ethicalConsiderations')),
        },
      };
    } catch (problem) {
      return setError((problem as Error).message);
    }
    const body = new FormData();
    body.append('metadata', JSON.stringify(metadata));
    body.append('artifact', file);

    setProgress({ sent: 0, total: file.size });
    try {
      const result = await uploadWithProgress<{ version: number }>(`/api/portal/models/${encodeURIComponent(modelName)}/versions`, body, setProgress);
      if (result.status === 201 && result.body && !result.body.error) {
        return router.push(`/models/${encodeURIComponent(modelName)}/versions/${result.body.version}`);
      }
      setError(uploadError(result));
    } catch (problem) {
      setError((problem as Error).message);
    }
    setProgress(null);
  }

  const percent = progress && progress.total ? Math.round((progress.sent / progress.total) * 100) : 0;
  return (
    <form onSubmit={submit} className="card stack" aria-label="Register version">
      <label>
        Artifact file <input name="artifact" type="file" required />
      </label>
      <label>
        Format
        <select name="format" defaultValue="onnx">
          <option value="onnx">ONNX (loaded and servable)</option>
          <option value="other">Other (stored and hashed only)</option>
        </select>
      </label>
      <fieldset className="stack">
        <legend>Code</legend>
        <label>
          Training repository <input name="trainingRepository" required placeholder="https://git.example.com/team/repo" />
        </label>
        <label>
          Training commit <input name="trainingCommit" required placeholder="40-hex git commit" />
        </label>
        <label>
          Prediction repository <input name="predictionRepository" required />
        </label>
        <label>
          Prediction commit <input name="predictionCommit" required />
        </label>
      </fieldset>
      <TrainingDataPicker />
      <label>
        Dependencies (one name==version per line) <textarea name="dependencies" rows={3} />
      </label>
      <label>
        Lockfile SHA-256 (optional) <input name="lockfileSha256" />
      </label>
      <label>
        Parameters (JSON) <textarea name="parameters" rows={2} placeholder='{"max_iter": 200}' />
      </label>
      <label>
        Metrics (JSON) <textarea name="metrics" rows={2} placeholder='{"auc": 0.91}' />
      </label>
      <fieldset className="stack">
        <legend>Model card</legend>
        <label>
          Intended use <textarea name="intendedUse" rows={3} required />
        </label>
        <label>
          Limitations <textarea name="limitations" rows={3} required />
        </label>
        <label>
          Ethical considerations <textarea name="ethicalConsiderations" rows={2} />
        </label>
      </fieldset>
      {progress && (
        <div className="stack" role="status" aria-label="Upload progress">
          <progress value={progress.sent} max={progress.total || 1} />
          <span>
            Uploaded {percent}% ({progress.sent.toLocaleString('en-US')} of {progress.total.toLocaleString('en-US')} bytes)
            {percent === 100 && ' · checking the model…'}
          </span>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={progress !== null}>
        Upload and register
      </button>
    </form>
  );
}
