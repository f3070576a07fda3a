import { z } from 'zod';
import { ERROR_STATUS } from '../errors';
import { SCOPES } from '@/policies/vocabulary';
import type { TRestRoute } from './define-route';
import { METADATA_HEADER } from './read-upload';
import { REST_ROUTES } from './routes';

const ZErrorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [string, ...string[]]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

function schemaOf(type: z.ZodType, io: 'input' | 'output') {
  return z.toJSONSchema(type, { io, unrepresentable: 'any', target: 'openapi-3.0' });
}

function parametersOf(type: z.ZodType | undefined, where: 'path' | 'query') {
  if (!type) return [];
  const schema = schemaOf(type, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (schema.required ?? []).includes(name),
    schema: s,
  }));
}

/** A streamed upload: multipart (metadata field, then the file) or a raw body with the metadata in a header. */
function uploadBody(upload: NonNullable<TRestRoute['upload']>) {
  const metadata = schemaOf(upload.metadata, 'input');
  return {
    required: true,
    description: upload.description,
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object',
          required: ['metadata', 'artifact'],
          properties: { metadata: { ...metadata, description: 'JSON, sent before the file part' }, artifact: { type: 'string', format: 'binary' } },
        },
        encoding: { metadata: { contentType: 'application/json' } },
      },
      'application/octet-stream': {
        schema: { type: 'string', format: 'binary', description: `Metadata as base64url JSON in the ${METADATA_HEADER} header` },
      },
    },
  };
}

/** The OpenAPI 3.1 document, generated from the same route list and zod schemas that dispatch uses. */
export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of REST_ROUTES) {
    const success = route.response instanceof z.ZodType
      ? { description: 'OK', content: { 'application/json': { schema: schemaOf(route.response, 'output') } } }
      : { description: route.response.description, content: { [route.response.mediaType]: {} } };
    const errors = Object.fromEntries(
      [...new Set(Object.values(ERROR_STATUS))].map((status) => [
        String(status),
        { description: 'Error', content: { 'application/json': { schema: schemaOf(ZErrorBody, 'output') } } },
      ]),
    );
    (paths[`/api/v1${route.path}`] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      security: route.scope ? [{ bearer: [route.scope] }] : [],
      'x-required-scope': route.scope,
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } } }
        : {}),
      ...(route.upload ? { requestBody: uploadBody(route.upload) } : {}),
      responses: { [String(route.successStatus ?? 200)]: success, ...errors },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Modelgate REST API',
      version: '1',
      description: 'Machine API for pipelines. Authenticate with `Authorization: Bearer mgt_…`; every error is `{ error: { code, message } }`.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: `Scopes: ${Object.entries(SCOPES).map(([k, v]) => `${k} (${v})`).join(', ')}` },
      },
    },
    paths,
  };
}
