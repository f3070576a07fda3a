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
