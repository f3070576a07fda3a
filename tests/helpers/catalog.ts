import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TVersionMetadataInput } from '@/server/services/models';

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Valid metadata for a version; override fields to make it invalid. */
export function versionMetadata(overrides: Record<string, unknown> = {}): TVersionMetadataInput {
  return {
    trainingCode: { repository: 'https://git.example.com/team/train', commit: 'a'.repeat(40) },
    predictionCode: { repository: 'https://git.example.com/team/serve', commit: 'b'.repeat(40) },
    dependencies: { 'scikit-learn': '1.5.2' },
    parameters: { max_iter: 100 },
    metrics: { auc: 0.9 },
    modelCard: { intendedUse: 'Tests.', limitations: 'Only tests.' },
    ...overrides,
  } as TVersionMetadataInput;
}

/** A multipart form with the metadata field first, as the API expects (fetch and Request set the boundary). */
export function uploadForm(metadata: unknown, artifact: Uint8Array): FormData {
  const form = new FormData();
  form.append('metadata', JSON.stringify(metadata));
  form.append('artifact', new Blob([Buffer.from(artifact)]), 'model.onnx');
  return form;
}

/** Every file under the artifact store, relative to it (temp files included). */
export async function storedFiles(dataDir: string): Promise<string[]> {
  const root = join(dataDir, 'artifacts');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}
