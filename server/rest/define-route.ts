import type { z } from 'zod';
import type { TScope } from '@/policies/vocabulary';
import type { TServiceContext } from '../services/context';

export type THttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One REST v1 route: its contract (used for dispatch, validation and the OpenAPI document) and its handler. */
export interface TRestRoute<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: THttpMethod;
  /** Relative to /api/v1, with {name} parameters. */
  path: string;
  summary: string;
  tag: string;
  /** The token scope the route needs; null for public routes (health, the OpenAPI document). */
  scope: TScope | null;
  params?: P;
  query?: Q;
  body?: B;
  /** A streamed file upload the handler reads itself (no JSON body); documented with its metadata schema. */
  upload?: { metadata: z.ZodType; description: string };
  /** What a success returns: a JSON schema for the document, or a media type for streams. */
  response: z.ZodType | { mediaType: string; description: string };
  successStatus?: 200 | 201;
  handle(
    ctx: TServiceContext,
    input: { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B> },
    req: Request,
  ): Promise<unknown>;
}

/** Identity function that keeps each route's input types inferred. */
export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(route: TRestRoute<P, Q, B>) {
  return route as unknown as TRestRoute;
}
