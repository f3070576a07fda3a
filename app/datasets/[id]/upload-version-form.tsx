'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { uploadError, uploadWithProgress, type TUploadProgress } from '@/lib/upload-with-progress';

/** Streams the file with its name (metadata first) and shows upload progress; then opens the new version. */
export function UploadVersionForm({ datasetId }: { datasetId: string }) {
  const router = useRouter();
  const [progress, setProgress] = useState<TUploadProgress | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const file = new FormData(event.currentTarget).get('file');
    if (!(file instanceof File) || !file.name) return setError('Choose a file.');
    const body = new FormData();
    body.append('metadata', JSON.stringify({ fileName: file.name }));
    body.append('artifact', file);
    setProgress({ sent: 0, total: file.size });
    try {
      const result = await uploadWithProgress<{ id: string }>(`/api/portal/datasets/${datasetId}/versions`, body, setProgress);
      if (result.status === 201 && result.body && !result.body.error) return router.push(`/datasets/${datasetId}/versions/${result.body.id}`);
      setError(uploadError(result));
    } catch (problem) {
      setError((problem as Error).message);
    }
    setProgress(null);
  }

  const percent = progress?.total ? Math.round((progress.sent / progress.total) * 100) : 0;
  return (
    <form onSubmit={submit} className="card stack" aria-label="Upload version">
      <h2>Upload a new version</h2>
      <label>
        File (CSV/TSV, JSON Lines, Parquet, text, PDF, PNG/JPEG/TIFF, or a zip of these) <input name="file" type="file" required />
      </label>
      {progress && (
        <span className="row">
          <progress max={100} value={percent} aria-label="Upload progress" /> {percent}%
        </span>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" disabled={progress !== null}>
        Upload
      </button>
    </form>
  );
}
