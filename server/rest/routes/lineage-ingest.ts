import { z } from 'zod';
import { ingestOpenLineageEvent } from '../../services/openlineage';
import { defineRoute } from '../define-route';

const ZNormalisation = z.object({
  path: z.string().describe('Where, e.g. `eventTime` or `inputs[0].facets.dataSource.uri`'),
  rule: z.string().describe('The spec rule the value broke, e.g. `format:date-time`, `required`'),
  action: z.enum(['repaired', 'filled', 'tolerated']),
  message: z.string(),
  from: z.unknown().optional().describe('The value as sent, when it was replaced'),
  to: z.unknown().optional().describe('The value as stored'),
});

const ZLink = z.object({
  from: z.object({ kind: z.string(), namespace: z.string(), name: z.string() }).describe('The OpenLineage node (external_dataset, external_run, external_job)'),
  to: z.object({ kind: z.enum(['dataset_version', 'model_version']), id: z.uuid(), teamId: z.uuid(), label: z.string() }).describe('The registered version it is the same as'),
});

export const lineageIngestRoutes = [
  defineRoute({
    method: 'POST',
    path: '/lineage',
    summary:
      'Send one OpenLineage event (RunEvent, DatasetEvent or JobEvent, spec 2-0-2) — the endpoint Marquez serves, so OpenLineage clients (HTTP transport) point here unchanged. ' +
      'The event is validated; drift Marquez accepts (a timestamp without a timezone, a placeholder URI, an older facet, a missing producer or _schemaURL) is normalised and listed in `normalised`; ' +
      'what the spec forbids is 400 with the field path and rule. 201 when stored, 200 with `duplicate: true` when an event with the same key (runId, eventType, eventTime) was already accepted (nothing changes; `sameContent` says whether it was identical). ' +
      'Datasets in namespace `modelgate` named `<dataset>@v<n>` (or with facet `modelgate.datasetVersionId`) and jobs named `<model>@v<n>` (or runs with facet `modelgate.modelVersionId`) are linked to the registered versions.',
    tag: 'Lineage',
    scope: 'lineage:write',
    query: z.strictObject({
      team: z.string().min(1).max(200).optional().describe('Team (name or id) to file new external nodes under; default: the linked version’s team, or your only team'),
    }),
    body: z.unknown().describe('An OpenLineage RunEvent, DatasetEvent or JobEvent (https://openlineage.io/spec/2-0-2/OpenLineage.json), validated by the server'),
    response: z.object({
      accepted: z.literal(true),
      kind: z.enum(['RunEvent', 'DatasetEvent', 'JobEvent']),
      eventId: z.uuid(),
      duplicate: z.boolean(),
      sameContent: z.boolean().optional().describe('For a duplicate: whether the stored event is identical to this one'),
      normalised: z.array(ZNormalisation),
      links: z.array(ZLink),
      warnings: z.array(z.string()).describe('Links claimed but not made (no version you may read matches)'),
    }),
    successStatus: 201,
    async handle(ctx, { query, body }) {
      const result = await ingestOpenLineageEvent(ctx, body, { team: query?.team });
      return Response.json(result, { status: result.duplicate ? 200 : 201 });
    },
  }),
];
