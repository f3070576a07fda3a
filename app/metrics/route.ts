import { dispatchRest } from '@/server/rest/dispatch';
import { metricsOpen } from '@/server/rest/routes/monitoring';
import { PROMETHEUS_CONTENT_TYPE } from '@/server/monitoring/metrics';
import { getDatabase } from '@/server/runtime';
import { serviceContext } from '@/server/services/context';
import { renderMetrics } from '@/server/services/monitoring';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * Prometheus scrapes GET /metrics. By default it is the REST route GET /api/v1/metrics (a
 * bearer token with `monitoring:read`; the samples are limited to the models its user may
 * read). MODELGATE_METRICS_OPEN=1 serves every model without a token, for a scraper on a
 * network that is already private.
 */
export async function GET(req: Request): Promise<Response> {
  if (!metricsOpen()) return dispatchRest(req, ['metrics']);
  const { db } = await getDatabase();
  const body = await renderMetrics(serviceContext(db, { type: 'anonymous' }), { open: true });
  return new Response(body, { headers: { 'content-type': PROMETHEUS_CONTENT_TYPE } });
}
