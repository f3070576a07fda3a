import { z } from 'zod';
import { ALERT_KINDS, ALERT_STATES } from '@/db/schema/monitoring';
import { env } from '../../env';
import { PROMETHEUS_CONTENT_TYPE } from '../../monitoring/metrics';
import { BUCKETS } from '../../monitoring/usage';
import { listAlerts, readVersionMonitoring, renderMetrics, ZVersionRefSchema } from '../../services/monitoring';
import { defineRoute } from '../define-route';

const ZTime = z.iso.datetime({ offset: true });
const ZNullableNumber = z.number().nullable();

const ZAlertView = z.object({
  id: z.uuid(),
  kind: z.enum(ALERT_KINDS),
  state: z.enum(ALERT_STATES),
  summary: z.string(),
  openedAt: z.iso.datetime(),
  acknowledgedAt: z.iso.datetime().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
});

const ZVersionMonitoringView = z.object({
  version: z.object({ id: z.uuid(), model: z.string(), version: z.number().int() }),
  range: z.object({ from: z.iso.datetime(), to: z.iso.datetime(), bucket: z.enum(BUCKETS) }),
  usage: z.array(z.object({ at: z.iso.datetime(), calls: z.number().int(), p50: ZNullableNumber, p95: ZNullableNumber, p99: ZNullableNumber })).describe('Calls and latency percentiles (ms) per bucket'),
  totals: z.object({ calls: z.number().int(), p50: ZNullableNumber, p95: ZNullableNumber, p99: ZNullableNumber }),
  window: z.object({ start: z.iso.datetime(), end: z.iso.datetime(), minutes: z.number(), calls: z.number(), rows: z.number(), p99LatencyMs: ZNullableNumber, judged: z.boolean(), minRows: z.number() }),
  profile: z.object({ source: z.enum(['dataset', 'predictions']), datasetVersionId: z.uuid().nullable(), rowCount: z.number(), createdAt: z.iso.datetime(), referenceUntil: z.iso.datetime().nullable() }).nullable(),
  drift: z.array(
    z.object({ feature: z.string(), kind: z.enum(['numeric', 'categorical']), psi: z.number(), ks: ZNullableNumber, referenceCount: z.number(), windowCount: z.number(), psiBreached: z.boolean(), ksBreached: z.boolean() }),
  ),
  thresholds: z.object({ psi: z.number(), ks: z.number(), p99LatencyMs: z.number(), custom: z.boolean() }),
  alerts: z.array(ZAlertView.extend({ resolution: z.string().nullable() })),
});

export const monitoringRoutes = [
  defineRoute({
    method: 'GET',
    path: '/metrics',
    summary:
      'Prometheus metrics (text format 0.0.4): serving calls by model, version, environment and status, a latency histogram, loaded models, ' +
      'current deployments and unresolved alerts, limited to the models the token’s user may read. Also served at the root path /metrics ' +
      '(open without a token when MODELGATE_METRICS_OPEN=1).',
    tag: 'Monitoring',
    scope: 'monitoring:read',
    response: { mediaType: PROMETHEUS_CONTENT_TYPE, description: 'Prometheus text exposition' },
    async handle(ctx) {
      return new Response(await renderMetrics(ctx), { headers: { 'content-type': PROMETHEUS_CONTENT_TYPE } });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/models/{name}/versions/{version}/monitoring',
    summary:
      'Usage and latency (p50/p95/p99 ms) per minute or hour bucket over [from, to) (default: the last 24 hours), the drift (PSI, KS) of each ' +
      'input feature over the current window against the reference profile, thresholds and alerts.',
    tag: 'Monitoring',
    scope: 'monitoring:read',
    params: ZVersionRefSchema,
    query: z.strictObject({ from: ZTime.optional(), to: ZTime.optional(), bucket: z.enum(BUCKETS).optional() }),
    response: ZVersionMonitoringView,
    async handle(ctx, { params, query }) {
      return readVersionMonitoring(ctx, { ...params, from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined, bucket: query.bucket });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/monitoring/alerts',
    summary: 'Monitoring alerts of the model versions the token’s user may read, newest first (default: unresolved ones).',
    tag: 'Monitoring',
    scope: 'monitoring:read',
    query: z.strictObject({ state: z.enum(ALERT_STATES).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
    response: z.object({ alerts: z.array(ZAlertView.extend({ model: z.string(), version: z.number().int(), modelVersionId: z.uuid(), acknowledgedBy: z.string().nullable() })) }),
    async handle(ctx, { query }) {
      return { alerts: await listAlerts(ctx, { states: query.state ? [query.state] : undefined, limit: query.limit }) };
    },
  }),
];

/** Whether /metrics answers without a token (see MODELGATE_METRICS_OPEN). */
export const metricsOpen = () => env().MODELGATE_METRICS_OPEN === '1';
