import { AppError } from '../../errors';

/** A position in (created_at, request_id) order; the time keeps the database's microseconds. */
export interface TPredictionKey {
  at: string;
  requestId: string;
}

const KEY = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f-]{36})$/;

export function encodePredictionCursor(key: TPredictionKey): string {
  return Buffer.from(`${key.at}|${key.requestId}`, 'utf8').toString('base64url');
}

export function decodePredictionCursor(cursor: string): TPredictionKey {
  const match = KEY.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new AppError('invalid_input', 'The cursor is not one this API returned.');
  return { at: match[1]!, requestId: match[2]! };
}
