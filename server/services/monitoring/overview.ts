import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { abilityWhere } from '@/db/queries/ability-where';
import { deployments, environments, modelVersions, monitoringAlerts, registeredModels } from '@/db/schema';
import { windowLatency } from '../../monitoring/usage';
import { authorize, type TServiceContext } from '../context';

const HOUR = 3_600_000;

/**
 * The monitoring page: every version the actor may read that is deployed now or has an
 * unresolved alert, with where it is deployed, its calls and p99 latency over the last hour
 * and its unresolved alerts.
 */
export async function monitoringOverview(ctx: TServiceContext) {
  await authorize(ctx, 'read', 'ModelVersion');
  const visible = abilityWhere(ctx.ability, 'read', 'ModelVersion', { id: modelVersions.id, modelId: modelVersions.modelId, teamId: registeredModels.teamId });
  const deployed = ctx.db.select({ id: deployments.modelVersionId }).from(deployments).where(isNull(deployments.supersededAt));
  const alerting = ctx.db.select({ id: monitoringAlerts.modelVersionId }).from(monitoringAlerts).where(ne(monitoringAlerts.state, 'resolved'));
  const versions = await ctx.db
    .select({ id: modelVersions.id, model: registeredModels.name, version: modelVersions.version, teamId: registeredModels.teamId })
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(and(visible, or(inArray(modelVersions.id, deployed), inArray(modelVersions.id, alerting))))
    .orderBy(sql`lower(${registeredModels.name})`, modelVersions.version);
  if (versions.length === 0) return [];
  const ids = versions.map((v) => v.id);
  const [placements, alerts] = await Promise.all([
    ctx.db
      .select({ versionId: deployments.modelVersionId, environment: environments.name })
      .from(deployments)
      .innerJoin(environments, eq(environments.id, deployments.environmentId))
      .where(and(isNull(deployments.supersededAt), inArray(deployments.modelVersionId, ids))),
    ctx.db
      .select({ versionId: monitoringAlerts.modelVersionId, id: monitoringAlerts.id, kind: monitoringAlerts.kind, state: monitoringAlerts.state, summary: monitoringAlerts.summary })
      .from(monitoringAlerts)
      .where(and(ne(monitoringAlerts.state, 'resolved'), inArray(monitoringAlerts.modelVersionId, ids))),
  ]);
  const now = new Date();
  const since = new Date(now.getTime() - HOUR);
  return Promise.all(
    versions.map(async (v) => ({
      ...v,
      environments: placements.filter((p) => p.versionId === v.id).map((p) => p.environment),
      lastHour: await windowLatency(ctx.db, v.id, since, now),
      alerts: alerts.filter((a) => a.versionId === v.id),
    })),
  );
}
