import { createHash } from 'node:crypto';
import { InferenceSession } from 'onnxruntime-node';
import type { ArtifactStore } from '../storage/artifact-store';
import { isStorageError } from '../storage/errors';

export type TLoadRefusal = { code: 'artifact_mismatch' | 'serving_unavailable'; message: string };

/** Raised when a deployed artifact cannot be served; the runtime keeps it and answers it per request. */
export class LoadRefusedError extends Error {
  constructor(readonly refusal: TLoadRefusal) {
    super(refusal.message);
  }
}

/**
 * Reads a version's artifact from the store, hashes every byte and compares the digest with
 * the SHA-256 the registry recorded for the version (DESIGN.md §3 rule 5) before onnxruntime
 * sees a byte of it. Bytes that differ (a swapped file under the same name) are refused with
 * `artifact_mismatch`; a missing file or a model onnxruntime cannot open is `serving_unavailable`.
 */
export async function loadVerifiedSession(store: ArtifactStore, expectedSha256: string, label: string): Promise<InferenceSession> {
  const chunks: Buffer[] = [];
  const hash = createHash('sha256');
  try {
    // The store's stream also verifies at its end; the digest here is compared explicitly.
    for await (const chunk of await store.open(expectedSha256)) {
      hash.update(chunk as Buffer);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (isStorageError(error, 'hash_mismatch')) throw mismatch(label, expectedSha256, hash.digest('hex'));
    if (isStorageError(error, 'not_found')) {
      throw new LoadRefusedError({ code: 'serving_unavailable', message: `The artifact of ${label} (sha256 ${expectedSha256}) is missing from the artifact store.` });
    }
    throw error;
  }
  const actual = hash.digest('hex');
  if (actual !== expectedSha256) throw mismatch(label, expectedSha256, actual);
  try {
    return await InferenceSession.create(Buffer.concat(chunks));
  } catch (error) {
    throw new LoadRefusedError({ code: 'serving_unavailable', message: `onnxruntime cannot load ${label}: ${(error as Error).message}` });
  }
}

function mismatch(label: string, expected: string, actual: string | null) {
  return new LoadRefusedError({
    code: 'artifact_mismatch',
    message: `The stored artifact of ${label} does not match the registry: expected sha256 ${expected}${actual ? `, the file hashes to ${actual}` : ''}. It is not loaded or served.`,
  });
}
