import { monitoringThresholds } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { transact } from '../../audit/transact';
import { thresholdsOf } from '../../monitoring/evaluate';
import { authorize, type TServiceContext } from '../context';
import { findMonitoredVersion } from './find-version';

/** Sets a version's alert thresholds (replacing the defaults or earlier values); audited with before and after. */
export async function setMonitoringThresholds(ctx: TServiceContext, input: { name: string; version: number; psi: number; ks: number; p99LatencyMs: number }) {
  const version = await findMonitoredVersion(ctx.db, input);
  await authorize(ctx, 'update', 'MonitoringThreshold', version);
  const after = { psi: input.psi, ks: input.ks, p99LatencyMs: input.p99LatencyMs };
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    const { custom: _custom, ...before } = await thresholdsOf(tx, version.id);
    await tx
      .insert(monitoringThresholds)
      .values({ modelVersionId: version.id, ...after, updatedBy: actorUserId(ctx.actor)! })
      .onConflictDoUpdate({ target: monitoringThresholds.modelVersionId, set: { ...after, updatedBy: actorUserId(ctx.actor)!, updatedAt: new Date() } });
    audit.record({ action: 'monitoring.thresholds_set', subject: { type: 'ModelVersion', id: version.id }, data: { modelVersionId: version.id, before, after } });
    return after;
  });
}
