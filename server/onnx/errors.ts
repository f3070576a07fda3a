/** Machine-readable reasons an ONNX file was refused. */
export type OnnxErrorCode = 'invalid_onnx';

export class OnnxError extends Error {
  override readonly name = 'OnnxError';

  constructor(
    readonly code: OnnxErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
