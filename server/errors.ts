/** Machine-readable error codes and the HTTP status each maps to. */
export const ERROR_STATUS = {
  invalid_input: 400,
  invalid_json: 400,
  invalid_onnx: 400,
  /** An upload whose bytes cannot be read as a dataset (empty, binary named .csv, …); details.reason says which. */
  unreadable_file: 422,
  unauthenticated: 401,
  invalid_credentials: 401,
  token_invalid: 401,
  token_expired: 401,
  token_revoked: 401,
  forbidden: 403,
  insufficient_scope: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
} as const;
export type TErrorCode = keyof typeof ERROR_STATUS;

/** An error a caller can act on: a code, a human message, and optional details (e.g. field issues). */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: TErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export function toErrorBody(error: AppError) {
  return { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
}

/** Maps anything thrown to an AppError: a unique-key race becomes 409, the rest is a 500 without internals. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '23505') return new AppError('conflict', 'That already exists, or someone changed it at the same time.');
  return new AppError('internal', 'Something went wrong on our side; it has been logged.');
}
