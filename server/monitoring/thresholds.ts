// When a version's traffic raises an alert. Pure: the evaluation job loads the facts and calls these.
import type { TAlertBreach } from '@/db/schema/monitoring';
import type { TFeatureDrift } from './drift';

export interface TThresholds {
  /** Raise a drift alert when any feature's PSI reaches this. */
  psi: number;
  /** …or any numeric feature's KS statistic reaches this. */
  ks: number;
  /** Raise a latency alert when the window's p99 latency exceeds this (milliseconds). */
  p99LatencyMs: number;
}

/** PSI ≥ 0.2 and KS ≥ 0.2 are the usual "significant shift" marks; 250 ms p99 suits in-process ONNX serving. */
export const DEFAULT_THRESHOLDS: TThresholds = { psi: 0.2, ks: 0.2, p99LatencyMs: 250 };

/** Every feature over a drift threshold, worst first. */
export function driftBreaches(drift: readonly TFeatureDrift[], thresholds: TThresholds): TAlertBreach[] {
  const breaches: TAlertBreach[] = [];
  for (const d of drift) {
    if (d.windowCount === 0) continue;
    if (d.psi >= thresholds.psi) breaches.push({ feature: d.feature, metric: 'psi', value: d.psi, threshold: thresholds.psi });
    if (d.ks !== null && d.ks >= thresholds.ks) breaches.push({ feature: d.feature, metric: 'ks', value: d.ks, threshold: thresholds.ks });
  }
  return breaches.sort((a, b) => b.value / b.threshold - a.value / a.threshold);
}

export function latencyBreaches(p99LatencyMs: number | null, thresholds: TThresholds): TAlertBreach[] {
  if (p99LatencyMs === null || p99LatencyMs <= thresholds.p99LatencyMs) return [];
  return [{ feature: null, metric: 'p99_latency_ms', value: p99LatencyMs, threshold: thresholds.p99LatencyMs }];
}

const METRIC_LABELS: Record<TAlertBreach['metric'], string> = { psi: 'PSI', ks: 'KS', p99_latency_ms: 'p99 latency' };

/** One line for the inbox: the worst breach, and how many more. */
export function summarizeBreaches(breaches: readonly TAlertBreach[]): string {
  const [worst, ...rest] = breaches;
  if (!worst) return 'No breach';
  const value = worst.metric === 'p99_latency_ms' ? `${worst.value.toFixed(1)} ms > ${worst.threshold} ms` : `${worst.value.toFixed(3)} ≥ ${worst.threshold}`;
  const where = worst.feature ? ` on ${worst.feature}` : '';
  const more = rest.length ? ` (+${rest.length} more)` : '';
  return `${METRIC_LABELS[worst.metric]} ${value}${where}${more}`;
}
