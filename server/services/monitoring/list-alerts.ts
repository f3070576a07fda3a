import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { modelVersions, monitoringAlerts, registeredModels, users, type TAlertState } from '@/db/schema';
import { abilityWhere } from '@/db/queries/ability-where';
import { authorize, type TServiceContext } from '../context';

const alertColumns = { id: monitoringAlerts.id, teamId: registeredModels.teamId };

/**
 * Alerts the actor may see (`read`), or act on (`update`: the inbox of the model's team's
 * scientists and engineers and of governance officers), newest first; unresolved by default.
 */
export async function listAlerts(ctx: TServiceContext, input: { states?: TAlertState[]; limit?: number; action?: 'read' | 'update' } = {}) {
  const action = input.action ?? 'read';
  await authorize(ctx, action, 'MonitoringAlert');
  const states = input.states ?? ['open', 'acknowledged'];
  const acknowledger = users;
  return ctx.db
    .select({
      id: monitoringAlerts.id,
      kind: monitoringAlerts.kind,
      state: monitoringAlerts.state,
      summary: monitoringAlerts.summary,
      openedAt: monitoringAlerts.openedAt,
      acknowledgedAt: monitoringAlerts.acknowledgedAt,
      acknowledgedBy: acknowledger.name,
      resolvedAt: monitoringAlerts.resolvedAt,
      model: registeredModels.name,
      version: modelVersions.version,
      modelVersionId: modelVersions.id,
    })
    .from(monitoringAlerts)
    .innerJoin(modelVersions, eq(modelVersions.id, monitoringAlerts.modelVersionId))
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .leftJoin(acknowledger, eq(acknowledger.id, monitoringAlerts.acknowledgedBy))
    .where(and(inArray(monitoringAlerts.state, states), abilityWhere(ctx.ability, action, 'MonitoringAlert', alertColumns)))
    .orderBy(sql`${monitoringAlerts.state} = 'open' desc`, desc(monitoringAlerts.openedAt))
    .limit(input.limit ?? 50);
}
export type TAlertListItem = Awaited<ReturnType<typeof listAlerts>>[number];
