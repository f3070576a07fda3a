/** Machine-readable error codes and the HTTP status each maps to. */
export const ERROR_STATUS = {
  invalid_input: 400,
  invalid_json: 400,
  invalid_onnx: 400,
  /** A training-data reference to a dataset version that does not exist or that the caller may not read. */
  unknown_dataset_version: 400,
  /** Prediction inputs that do not fit the version's ONNX signature (server/serving/validate-inputs.ts). */
  unknown_input: 400,
  missing_input: 400,
  wrong_shape: 400,
  wrong_type: 400,
  non_finite_value: 400,
  batch_too_large: 400,
  /** An upload whose bytes cannot be read as a dataset (empty, binary named .csv, …); details.reason says which. */
  unreadable_file: 422,
  unauthenticated: 401,
  invalid_credentials: 401,
  token_invalid: 401,
  token_expired: 401,
  token_revoked: 401,
  forbidden: 403,
  insufficient_scope: 403,
  /** Reading a confidential or restricted dataset's content (or training on it) without a live access grant. */
  grant_required: 403,
  /** The serving layer refuses a model version that is not (or no longer) live in its environment. */
  not_deployed: 403,
  approval_revoked: 403,
  approval_expired: 403,
  artifact_mismatch: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  /** A deployment refused because the version's promotion to the environment is not live. */
  not_approved: 409,
  promotion_revoked: 409,
  promotion_expired: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** A generated ML-BOM failed CycloneDX validation: it is not served (server/services/reports). */
  mlbom_invalid: 500,
  internal: 500,
  /** The serving layer answered nothing because the prediction could not be recorded. */
  prediction_not_recorded: 503,
  /** The serving layer is starting, stopping or cannot load the deployed version. */
  serving_unavailable: 503,
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
