/** Machine-readable reasons a storage operation failed; API layers map these to HTTP statuses. */
export type StorageErrorCode =
  | 'payload_too_large'
  | 'invalid_hash'
  | 'not_found'
  | 'hash_mismatch';

export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * `instanceof` is not enough: Next.js can bundle this module into several route chunks, and
 * the process-wide store (server/storage/runtime-store.ts) throws the copy of the chunk that
 * created it. The name and code identify the error whichever copy threw it.
 */
export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  const e = error as { name?: unknown; code?: unknown } | null;
  return e?.name === 'StorageError' && (code === undefined || e.code === code);
}
