import { eq } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { actorUserId } from '@/policies/actor';
import { modelVersions, monitoringAlerts, registeredModels } from '@/db/schema';
import { transact } from '../../audit/transact';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';

async function findAlert(db: TDbOrTx, id: string, lock = false) {
  const query = db
    .select({ id: monitoringAlerts.id, state: monitoringAlerts.state, kind: monitoringAlerts.kind, modelVersionId: monitoringAlerts.modelVersionId, teamId: registeredModels.teamId })
    .from(monitoringAlerts)
    .innerJoin(modelVersions, eq(modelVersions.id, monitoringAlerts.modelVersionId))
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(eq(monitoringAlerts.id, id));
  const [row] = lock ? await query.for('update', { of: monitoringAlerts }) : await query;
  if (!row) throw new AppError('not_found', 'Alert not found.');
  return row;
}

/** Someone has seen the alert and is on it: open → acknowledged, once (a second try is 409). */
export async function acknowledgeAlert(ctx: TServiceContext, input: { id: string; comment: string }) {
  await authorize(ctx, 'update', 'MonitoringAlert', await findAlert(ctx.db, input.id));
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    const alert = await findAlert(tx, input.id, true);
    if (alert.state !== 'open') throw new AppError('conflict', `The alert is already ${alert.state}.`);
    const [row] = await tx
      .update(monitoringAlerts)
      .set({ state: 'acknowledged', acknowledgedBy: actorUserId(ctx.actor), acknowledgedAt: new Date() })
      .where(eq(monitoringAlerts.id, input.id))
      .returning();
    audit.record({ action: 'monitoring.alert_acknowledged', subject: { type: 'MonitoringAlert', id: input.id }, data: { modelVersionId: alert.modelVersionId, kind: alert.kind, comment: input.comment } });
    return row!;
  });
}

/** Closes the alert with a reason (from open or acknowledged); the monitoring job may raise a new one if the breach goes on. */
export async function resolveAlert(ctx: TServiceContext, input: { id: string; resolution: string }) {
  await authorize(ctx, 'update', 'MonitoringAlert', await findAlert(ctx.db, input.id));
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    const alert = await findAlert(tx, input.id, true);
    if (alert.state === 'resolved') throw new AppError('conflict', 'The alert is already resolved.');
    const [row] = await tx
      .update(monitoringAlerts)
      .set({ state: 'resolved', resolvedBy: actorUserId(ctx.actor), resolvedAt: new Date(), resolution: input.resolution })
      .where(eq(monitoringAlerts.id, input.id))
      .returning();
    audit.record({ action: 'monitoring.alert_resolved', subject: { type: 'MonitoringAlert', id: input.id }, data: { modelVersionId: alert.modelVersionId, kind: alert.kind, from: alert.state, resolution: input.resolution } });
    return row!;
  });
}
