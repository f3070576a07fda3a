import { z } from 'zod';
import { listPublicJwks } from '../../audit/keys';
import { auditExportResponse } from '../../audit/export-response';
import { exportAudit, listAuditCheckpoints, listAuditEvents, ZListAuditEventsSchema } from '../../services/audit';
import { defineRoute } from '../define-route';

// Query strings carry text: numbers are coerced here, the services' schemas stay strict.
const ZPage = { cursor: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) };

export const auditRoutes = [
  defineRoute({
    method: 'GET',
    path: '/audit/events',
    summary: 'Audit events the token’s user may read, newest first; filter by actor, action, subject and time.',
    tag: 'Audit',
    scope: 'audit:read',
    query: ZListAuditEventsSchema.extend(ZPage),
    response: z.object({ items: z.array(z.object({ seq: z.number(), chainHash: z.string(), event: z.unknown() })), nextCursor: z.number().nullable() }),
    async handle(ctx, { query }) {
      return listAuditEvents(ctx, query);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/audit/export',
    summary:
      'Export the audit log as JSON Lines (exact event bytes, checkpoints, public keys) for `modelgate verify-audit`. ' +
      'Range: fromSeq/toSeq (default: everything) or from/to (ISO times).',
    tag: 'Audit',
    scope: 'audit:read',
    query: z.union([
      z.strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
      z.strictObject({ fromSeq: z.coerce.number().int().positive().optional(), toSeq: z.coerce.number().int().positive().optional() }),
    ]),
    response: { mediaType: 'application/x-ndjson', description: 'header line, one line per event, checkpoint lines' },
    async handle(ctx, { query }) {
      const range = 'from' in query ? { from: new Date(query.from), to: new Date(query.to) } : query;
      return auditExportResponse(await exportAudit(ctx, range));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/audit/checkpoints',
    summary: 'Signed checkpoints (size, head hash, time), newest first.',
    tag: 'Audit',
    scope: 'audit:read',
    query: z.strictObject(ZPage),
    response: z.object({ items: z.array(z.unknown()), nextCursor: z.number().nullable() }),
    async handle(ctx, { query }) {
      return listAuditCheckpoints(ctx, query);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/audit/keys',
    summary: 'The public keys that sign audit checkpoints, as a JWKS (Ed25519), for offline verification.',
    tag: 'Audit',
    scope: null,
    response: z.object({ keys: z.array(z.unknown()) }),
    async handle(ctx) {
      return listPublicJwks(ctx.db, { purpose: 'audit' });
    },
  }),
];
