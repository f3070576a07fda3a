import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { abilityWhere } from '@/db/queries/ability-where';
import { deployments, environments, modelVersions, monitoringAlerts, registeredModels } from '@/db/schema';
import { collectServingMetrics, renderPrometheus, type TMetricFamily } from '../../monitoring/metrics';
import { authorize, type TServiceContext } from '../context';

/**
 * The Prometheus exposition: this process's serving counters and latency histogram, plus
 * gauges read from the database (current deployments, unresolved alerts). With a token, only
 * the models its user may read appear; in open mode (MODELGATE_METRICS_OPEN=1) all do.
 */
export async function renderMetrics(ctx: TServiceContext, { open = false }: { open?: boolean } = {}): Promise<string> {
  let visible = sql`true`;
  if (!open) {
    await authorize(ctx, 'read', 'MonitoringAlert');
    visible = abilityWhere(ctx.ability, 'read', 'RegisteredModel', { id: registeredModels.id, teamId: registeredModels.teamId, ownerId: registeredModels.ownerId });
  }
  const models = new Set((await ctx.db.select({ name: registeredModels.name }).from(registeredModels).where(visible)).map((m) => m.name));
  const [current, alerts] = await Promise.all([
    ctx.db
      .select({ model: registeredModels.name, version: modelVersions.version, environment: environments.name })
      .from(deployments)
      .innerJoin(modelVersions, eq(modelVersions.id, deployments.modelVersionId))
      .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
      .innerJoin(environments, eq(environments.id, deployments.environmentId))
      .where(and(isNull(deployments.supersededAt), visible)),
    ctx.db
      .select({ model: registeredModels.name, version: modelVersions.version, kind: monitoringAlerts.kind, state: monitoringAlerts.state, count: sql<number>`count(*)::int` })
      .from(monitoringAlerts)
      .innerJoin(modelVersions, eq(modelVersions.id, monitoringAlerts.modelVersionId))
      .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
      .where(and(ne(monitoringAlerts.state, 'resolved'), visible))
      .groupBy(registeredModels.name, modelVersions.version, monitoringAlerts.kind, monitoringAlerts.state),
  ]);
  const families: TMetricFamily[] = [
    ...collectServingMetrics((model) => models.has(model)),
    {
      name: 'modelgate_deployments_current',
      help: 'Current deployments (1 per model version and environment), from the registry.',
      type: 'gauge',
      samples: current.map((d) => ({ labels: { model: d.model, version: String(d.version), environment: d.environment }, value: 1 })),
    },
    {
      name: 'modelgate_monitoring_alerts_open',
      help: 'Unresolved monitoring alerts (open or acknowledged) per model version and kind.',
      type: 'gauge',
      samples: alerts.map((a) => ({ labels: { model: a.model, version: String(a.version), kind: a.kind, state: a.state }, value: Number(a.count) })),
    },
  ];
  return renderPrometheus(families);
}
