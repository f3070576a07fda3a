import type { Readable } from 'node:stream';
import { StorageError } from './errors';

/** Where and how big a stored artifact is. `key` is relative to the store and derived from the hash only. */
export interface StoredArtifact {
  sha256: string;
  size: number;
  key: string;
}

export interface PutResult extends StoredArtifact {
  /** True when identical bytes were already stored and this upload was dropped. */
  deduplicated: boolean;
}

export interface PutOptions {
  /** Overrides the store's byte limit for this upload. */
  maxBytes?: number;
  /** Aborting removes the partial upload and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * An upload written durably to a temp file and hashed, not yet in the store: the caller can
 * inspect the local file (e.g. load the model) before committing it or throwing it away.
 */
export interface StagedArtifact {
  sha256: string;
  size: number;
  /** Local path of the temp file, valid until commit or discard. */
  path: string;
  commit(): Promise<PutResult>;
  discard(): Promise<void>;
}

/** Content-addressed blob storage: artifacts are written once and addressed by their SHA-256. */
export interface ArtifactStore {
  put(source: Readable | AsyncIterable<Uint8Array>, options?: PutOptions): Promise<PutResult>;
  /** Like put, but stops before the artifact becomes visible in the store. */
  stage(source: Readable | AsyncIterable<Uint8Array>, options?: PutOptions): Promise<StagedArtifact>;
  /**
   * Streams the artifact, hashing as it goes; the stream errors with `hash_mismatch` at the end
   * if the bytes on disk no longer match. Consumers must treat the data as trusted only once the
   * stream has finished without error. Rejects with `not_found` if absent.
   */
  open(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  stat(sha256: string): Promise<StoredArtifact | null>;
}

export const DEFAULT_MAX_ARTIFACT_BYTES = 2 * 1024 ** 3;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Rejects anything but a lowercase hex SHA-256, so a caller-supplied hash can never steer a path. */
export function assertSha256(value: string): void {
  if (!SHA256_HEX.test(value)) {
    throw new StorageError('invalid_hash', 'Expected a SHA-256 as 64 lowercase hex characters');
  }
}

/** `ab/cd/<sha256>`: two shard levels keep directories small. */
export function artifactKey(sha256: string): string {
  assertSha256(sha256);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}
