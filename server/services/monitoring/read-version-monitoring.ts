import { desc, eq } from 'drizzle-orm';
import { monitoringAlerts } from '@/db/schema';
import { asSubject } from '@/policies/ability';
import { AppError } from '../../errors';
import { evaluateVersion, monitoringSettings, thresholdsOf } from '../../monitoring/evaluate';
import { readProfile } from '../../monitoring/profiles';
import { bucketCount, MAX_BUCKETS, usageSeries, windowLatency, type TBucket } from '../../monitoring/usage';
import { authorize, type TServiceContext } from '../context';
import { findMonitoredVersion } from './find-version';
import type { TVersionMonitoringInput } from './schemas';

const HOUR = 3_600_000;

/** The range asked for, or the last 24 hours; by minute up to 6 hours, else by hour. */
export function resolveRange(input: { from?: Date; to?: Date; bucket?: TBucket }, now = new Date()): { from: Date; to: Date; bucket: TBucket } {
  const to = input.to ?? now;
  const from = input.from ?? new Date(to.getTime() - 24 * HOUR);
  if (!(from < to)) throw new AppError('invalid_input', '`from` must be before `to`.');
  const bucket = input.bucket ?? (to.getTime() - from.getTime() <= 6 * HOUR ? 'minute' : 'hour');
  if (bucketCount(from, to, bucket) > MAX_BUCKETS) {
    throw new AppError('invalid_input', `That range holds more than ${MAX_BUCKETS} ${bucket} buckets: narrow it or use a wider bucket.`);
  }
  return { from, to, bucket };
}

/**
 * A version's monitoring: calls and p50/p95/p99 latency per bucket over the range, the drift
 * of each feature over the current window against the reference, thresholds and alerts.
 * Reading never builds a profile (the monitoring job does).
 */
export async function readVersionMonitoring(ctx: TServiceContext, input: TVersionMonitoringInput) {
  const version = await findMonitoredVersion(ctx.db, input);
  await authorize(ctx, 'read', 'ModelVersion', version);
  const range = resolveRange(input);
  const settings = monitoringSettings();
  const now = new Date();
  const [usage, totals, evaluation, profile, thresholds, alerts] = await Promise.all([
    usageSeries(ctx.db, version.id, range.from, range.to, range.bucket),
    windowLatency(ctx.db, version.id, range.from, range.to),
    evaluateVersion(ctx.db, version.id, now, settings, { buildProfile: false }),
    readProfile(ctx.db, version.id),
    thresholdsOf(ctx.db, version.id),
    ctx.db.select().from(monitoringAlerts).where(eq(monitoringAlerts.modelVersionId, version.id)).orderBy(desc(monitoringAlerts.openedAt)).limit(20),
  ]);
  const breached = new Set(evaluation.breaches.drift.map((b) => `${b.feature}:${b.metric}`));
  const alertable = ctx.ability.can('update', asSubject('MonitoringAlert', { teamId: version.teamId }));
  return {
    version: { id: version.id, model: version.model, version: version.version },
    range,
    usage,
    totals,
    window: {
      start: evaluation.windowStart,
      end: evaluation.windowEnd,
      minutes: settings.windowMinutes,
      calls: evaluation.calls,
      rows: evaluation.windowRows,
      p99LatencyMs: evaluation.p99LatencyMs,
      judged: evaluation.driftJudged,
      minRows: settings.minWindowRows,
    },
    profile: profile && { source: profile.source, datasetVersionId: profile.datasetVersionId, rowCount: profile.rowCount, createdAt: profile.createdAt, referenceUntil: profile.referenceUntil },
    referenceRows: settings.referenceRows,
    drift: evaluation.drift.map((d) => ({
      feature: d.feature,
      kind: d.kind,
      psi: d.psi,
      ks: d.ks,
      referenceCount: d.referenceCount,
      windowCount: d.windowCount,
      psiBreached: breached.has(`${d.feature}:psi`),
      ksBreached: breached.has(`${d.feature}:ks`),
    })),
    thresholds,
    alerts: alerts.map((a) => ({ id: a.id, kind: a.kind, state: a.state, summary: a.summary, openedAt: a.openedAt, acknowledgedAt: a.acknowledgedAt, resolvedAt: a.resolvedAt, resolution: a.resolution })),
    can: { updateAlerts: alertable, setThresholds: ctx.ability.can('update', asSubject('MonitoringThreshold', { teamId: version.teamId })) },
  };
}
export type TVersionMonitoring = Awaited<ReturnType<typeof readVersionMonitoring>>;
