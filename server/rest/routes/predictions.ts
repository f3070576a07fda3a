import { z } from 'zod';
import { ZVersionRefSchema } from '../../services/models';
import { exportPredictions, listPredictions, predictionExportResponse, PREDICTION_EXPORT_FORMATS } from '../../services/predictions';
import { defineRoute } from '../define-route';

const ZTime = z.iso.datetime({ offset: true });

const ZPredictionView = z.object({
  requestId: z.uuid(),
  createdAt: z.iso.datetime(),
  deploymentId: z.uuid(),
  environmentId: z.uuid(),
  environmentName: z.string().nullable(),
  callerUserId: z.uuid().nullable(),
  callerEmail: z.string().nullable(),
  callerTokenId: z.uuid().nullable(),
  latencyMs: z.number(),
  input: z.unknown(),
  output: z.unknown(),
});

export const predictionRoutes = [
  defineRoute({
    method: 'GET',
    path: '/models/{name}/versions/{version}/predictions',
    summary:
      'Stored predictions of a model version in [from, to) (ISO times, both optional), newest first, keyset-paged: ' +
      'pass `nextCursor` as `cursor` for the next page.',
    tag: 'Predictions',
    scope: 'predictions:read',
    params: ZVersionRefSchema,
    query: z.strictObject({
      from: ZTime.optional(),
      to: ZTime.optional(),
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
    response: z.object({ items: z.array(ZPredictionView), nextCursor: z.string().nullable() }),
    async handle(ctx, { params, query }) {
      return listPredictions(ctx, { ...params, ...query });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/models/{name}/versions/{version}/predictions/export',
    summary:
      'Export a model version’s predictions in [from, to) as CSV or JSON Lines, streamed oldest first. ' +
      'Input and output are JSON (a quoted JSON cell in CSV). The export is recorded in the audit log.',
    tag: 'Predictions',
    scope: 'predictions:read',
    params: ZVersionRefSchema,
    query: z.strictObject({ format: z.enum(PREDICTION_EXPORT_FORMATS), from: ZTime, to: ZTime }),
    response: {
      mediaType: 'text/csv',
      description: 'format=csv: a header line, then one line per prediction; format=jsonl: application/x-ndjson, one JSON object per line',
    },
    async handle(ctx, { params, query }) {
      return predictionExportResponse(await exportPredictions(ctx, { ...params, ...query }));
    },
  }),
];
