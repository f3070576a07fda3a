/** Why a file could not be read, as a machine-readable code and a message a person can act on. */
export const READ_ERROR_CODES = [
  'empty_file',
  'binary_content',
  'unsupported_format',
  'invalid_encoding',
  'csv_unclosed_quote',
  'record_too_large',
  'invalid_json',
  'parquet_unreadable',
  'pdf_unreadable',
  'image_unreadable',
  'image_too_large',
  'zip_unreadable',
  'zip_unsafe_path',
  'zip_too_many_entries',
  'zip_too_large',
  'zip_ratio_exceeded',
  'zip_nested',
  'member_too_large',
] as const;
export type TReadErrorCode = (typeof READ_ERROR_CODES)[number];

export class ReadError extends Error {
  override readonly name = 'ReadError';
  constructor(
    readonly code: TReadErrorCode,
    message: string,
  ) {
    super(message);
  }
}
