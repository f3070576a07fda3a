// The monitoring job: for every version with traffic in the last window, compare the window
// with the reference profile and the latency with its bound, and raise an alert (with its
// audit event and webhook outbox row, in one transaction) when a threshold is crossed.
import { and, eq, ne, sql } from 'drizzle-orm';
import { rowsOf, type TDb, type TDbOrTx } from '@/db/client';
import { modelVersions, monitoringAlerts, monitoringThresholds, registeredModels, type TAlertBreach, type TAlertKind } from '@/db/schema';
import { transact } from '../audit/transact';
import { env } from '../env';
import { enqueueWebhook } from '../webhooks/enqueue';
import type { TFeatureDrift } from './drift';
import { ensureProfile, MONITORING_ACTOR, readProfile } from './profiles';
import { DEFAULT_THRESHOLDS, driftBreaches, latencyBreaches, summarizeBreaches, type TThresholds } from './thresholds';
import { windowDrift, windowLatency } from './usage';

/** Fewer calls than this in the window: p99 is close to the single slowest call (a cold start), so latency is not judged. */
export const MIN_LATENCY_CALLS = 100;

export interface TMonitoringSettings {
  windowMinutes: number;
  referenceRows: number;
  minWindowRows: number;
}

export function monitoringSettings(): TMonitoringSettings {
  const e = env();
  return {
    windowMinutes: e.MODELGATE_MONITORING_WINDOW_MINUTES,
    referenceRows: e.MODELGATE_MONITORING_REFERENCE_ROWS,
    minWindowRows: e.MODELGATE_MONITORING_MIN_WINDOW_ROWS,
  };
}

export async function thresholdsOf(db: TDbOrTx, modelVersionId: string): Promise<TThresholds & { custom: boolean }> {
  const [row] = await db.select().from(monitoringThresholds).where(eq(monitoringThresholds.modelVersionId, modelVersionId));
  return row ? { psi: row.psi, ks: row.ks, p99LatencyMs: row.p99LatencyMs, custom: true } : { ...DEFAULT_THRESHOLDS, custom: false };
}

export interface TVersionEvaluation {
  modelVersionId: string;
  windowStart: Date;
  windowEnd: Date;
  calls: number;
  p99LatencyMs: number | null;
  /** Input rows compared with the reference (0 without a profile). */
  windowRows: number;
  drift: TFeatureDrift[];
  profileSource: 'dataset' | 'predictions' | null;
  breaches: Record<TAlertKind, TAlertBreach[]>;
  /** False when the window had fewer rows than minWindowRows: drift shown, not judged. */
  driftJudged: boolean;
}

/** The evaluation of one version over the window ending at `now` (builds its profile if it can). */
export async function evaluateVersion(
  db: TDb,
  modelVersionId: string,
  now: Date,
  settings: TMonitoringSettings,
  { buildProfile = true }: { buildProfile?: boolean } = {},
): Promise<TVersionEvaluation> {
  const since = new Date(now.getTime() - settings.windowMinutes * 60_000);
  const thresholds = await thresholdsOf(db, modelVersionId);
  const latency = await windowLatency(db, modelVersionId, since, now);
  // No traffic in the window: nothing to compare, so no reason to build the reference now.
  const profile = buildProfile && latency.calls > 0 ? await ensureProfile(db, modelVersionId, settings.referenceRows) : await readProfile(db, modelVersionId);
  // A predictions-based reference is not compared with itself: the window starts after it.
  const driftSince = profile?.referenceUntil && profile.referenceUntil > since ? profile.referenceUntil : since;
  const window = profile ? await windowDrift(db, modelVersionId, profile.features, driftSince, now) : { rows: 0, drift: [] };
  const driftJudged = window.rows >= settings.minWindowRows;
  return {
    modelVersionId,
    windowStart: driftSince,
    windowEnd: now,
    calls: latency.calls,
    p99LatencyMs: latency.p99,
    windowRows: window.rows,
    drift: window.drift,
    profileSource: profile?.source ?? null,
    breaches: {
      drift: driftJudged ? driftBreaches(window.drift, thresholds) : [],
      latency: latencyBreaches(latency.calls >= MIN_LATENCY_CALLS ? latency.p99 : null, thresholds),
    },
    driftJudged,
  };
}

const WEBHOOK_EVENT = { drift: 'monitoring.drift_detected', latency: 'monitoring.latency_high' } as const;

/**
 * Opens an alert of `kind` for the version unless one is already unresolved (the partial
 * unique index decides, so concurrent evaluators raise it once). Returns its id, or null.
 */
export async function raiseAlert(db: TDb, evaluation: TVersionEvaluation, kind: TAlertKind): Promise<string | null> {
  const breaches = evaluation.breaches[kind];
  if (breaches.length === 0) return null;
  const summary = summarizeBreaches(breaches);
  const duplicate = new Error('an unresolved alert of this kind exists');
  try {
    return await transact(db, MONITORING_ACTOR, async (tx, audit) => {
      const [alert] = await tx
        .insert(monitoringAlerts)
        .values({
          modelVersionId: evaluation.modelVersionId,
          kind,
          summary,
          details: { breaches, windowCount: kind === 'drift' ? evaluation.windowRows : evaluation.calls, ...(kind === 'drift' ? { drift: evaluation.drift } : {}) },
          windowStart: evaluation.windowStart,
          windowEnd: evaluation.windowEnd,
        })
        .onConflictDoNothing()
        .returning({ id: monitoringAlerts.id, openedAt: monitoringAlerts.openedAt });
      if (!alert) throw duplicate;
      const [version] = await tx
        .select({ model: registeredModels.name, version: modelVersions.version })
        .from(modelVersions)
        .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
        .where(eq(modelVersions.id, evaluation.modelVersionId));
      audit.record({ action: 'monitoring.alert_raised', subject: { type: 'MonitoringAlert', id: alert.id }, data: { modelVersionId: evaluation.modelVersionId, kind, summary, breaches } });
      await enqueueWebhook(tx, WEBHOOK_EVENT[kind], {
        alertId: alert.id,
        model: version!.model,
        version: version!.version,
        modelVersionId: evaluation.modelVersionId,
        summary,
        breaches,
        windowStart: evaluation.windowStart.toISOString(),
        windowEnd: evaluation.windowEnd.toISOString(),
        openedAt: alert.openedAt.toISOString(),
      });
      return alert.id;
    });
  } catch (error) {
    if (error === duplicate) return null;
    throw error;
  }
}

/** Whether an unresolved alert of the kind is open for the version (read before raising, to skip needless transactions). */
async function hasUnresolved(db: TDb, modelVersionId: string, kind: TAlertKind): Promise<boolean> {
  const rows = await db
    .select({ id: monitoringAlerts.id })
    .from(monitoringAlerts)
    .where(and(eq(monitoringAlerts.modelVersionId, modelVersionId), eq(monitoringAlerts.kind, kind), ne(monitoringAlerts.state, 'resolved')))
    .limit(1);
  return rows.length > 0;
}

/** One pass over every deployed version with traffic in the window; returns how many were evaluated and the alerts raised. */
export async function evaluateMonitoring(db: TDb, now = new Date(), settings = monitoringSettings()): Promise<{ evaluated: number; raised: string[] }> {
  const since = new Date(now.getTime() - settings.windowMinutes * 60_000);
  // Versions that can have traffic in the window: deployed now, or replaced during it (predictions need a deployment).
  // Each is then read by its own index range, never by scanning the window of every version.
  const versions = rowsOf<{ model_version_id: string }>(
    await db.execute(sql`select distinct model_version_id from deployments where superseded_at is null or superseded_at >= ${since.toISOString()}::timestamptz`),
  );
  const raised: string[] = [];
  let evaluated = 0;
  for (const { model_version_id: id } of versions) {
    const evaluation = await evaluateVersion(db, id, now, settings);
    if (evaluation.calls === 0) continue;
    evaluated++;
    for (const kind of ['drift', 'latency'] as const) {
      if (evaluation.breaches[kind].length === 0 || (await hasUnresolved(db, id, kind))) continue;
      const alertId = await raiseAlert(db, evaluation, kind);
      if (alertId) raised.push(alertId);
    }
  }
  return { evaluated, raised };
}

/** Runs the job every `intervalMs` (unref'd); a pass still running skips the next tick. */
export function scheduleMonitoring(db: TDb, intervalMs = env().MODELGATE_MONITORING_EVERY_MS): () => void {
  if (intervalMs <= 0) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    evaluateMonitoring(db)
      .catch((error) => console.error('monitoring evaluation failed', error))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
