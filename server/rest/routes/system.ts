import { z } from 'zod';
import { defineRoute } from '../define-route';
import { buildOpenApiDocument } from '../openapi';

export const systemRoutes = [
  defineRoute({
    method: 'GET',
    path: '/health',
    summary: 'Liveness: the API answers and the database is reachable.',
    tag: 'System',
    scope: null,
    response: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }),
    async handle(ctx) {
      await ctx.db.execute('select 1' as never);
      return { status: 'ok', database: process.env.DATABASE_URL ? 'postgres' : 'pglite' };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/openapi.json',
    summary: 'This API described as an OpenAPI 3.1 document.',
    tag: 'System',
    scope: null,
    response: { mediaType: 'application/json', description: 'OpenAPI 3.1 document' },
    async handle() {
      return buildOpenApiDocument();
    },
  }),
];
