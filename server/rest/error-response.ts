import { toAppError, toErrorBody } from '../errors';

/** Any failure as the API's JSON error body with its status; unexpected ones are logged, not shown. */
export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  if (appError.code === 'internal') console.error(error);
  return Response.json(toErrorBody(appError), { status: appError.status });
}
