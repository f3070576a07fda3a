// In-process Prometheus metrics of the serving path, and the text exposition format
// (https://prometheus.io/docs/instrumenting/exposition_formats/). The serving code calls
// observePrediction() once per answered or refused call; /metrics adds gauges read from the
// database at scrape time (server/monitoring/scrape.ts).

/** Upper bounds of the latency histogram, in seconds (serving is in-process ONNX: mostly sub-millisecond to tens of ms). */
export const LATENCY_BUCKETS_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

export type TPredictionStatus = 'ok' | 'invalid_input' | 'refused' | 'error';

export interface TPredictionObservation {
  model: string;
  version: number;
  environment: string;
  /** `ok` for an answered call; otherwise why it was not answered. */
  status: TPredictionStatus;
  /** Time to answer, in milliseconds (answered calls feed the histogram). */
  latencyMs?: number;
  /** Rows in the call (a batch counts its rows). */
  rows?: number;
}

interface THistogram {
  counts: number[];
  sum: number;
  count: number;
}

interface TRegistry {
  requests: Map<string, number>;
  rows: Map<string, number>;
  latency: Map<string, THistogram>;
  loaded: Map<string, number>;
}

// On globalThis: Next.js may bundle the serving route and /metrics into separate chunks, each
// with its own copy of this module; the counters must be the process's, not the chunk's.
const holder = globalThis as { __modelgateMetrics?: TRegistry };
function registry(): TRegistry {
  holder.__modelgateMetrics ??= { requests: new Map(), rows: new Map(), latency: new Map(), loaded: new Map() };
  return holder.__modelgateMetrics;
}

/** Labels are joined into a map key; escaping happens when rendered. */
const keyOf = (labels: Record<string, string>) => JSON.stringify(labels);

/** Counts one serving call: by model, version, environment and status; answered calls also feed the latency histogram. */
export function observePrediction(o: TPredictionObservation): void {
  const r = registry();
  const labels = { model: o.model, version: String(o.version), environment: o.environment };
  const requestKey = keyOf({ ...labels, status: o.status });
  r.requests.set(requestKey, (r.requests.get(requestKey) ?? 0) + 1);
  if (o.status !== 'ok') return;
  const key = keyOf(labels);
  r.rows.set(key, (r.rows.get(key) ?? 0) + (o.rows ?? 1));
  if (o.latencyMs === undefined || !Number.isFinite(o.latencyMs) || o.latencyMs < 0) return;
  let h = r.latency.get(key);
  if (!h) r.latency.set(key, (h = { counts: new Array<number>(LATENCY_BUCKETS_SECONDS.length).fill(0), sum: 0, count: 0 }));
  const seconds = o.latencyMs / 1000;
  for (let i = 0; i < LATENCY_BUCKETS_SECONDS.length; i++) if (seconds <= LATENCY_BUCKETS_SECONDS[i]!) h.counts[i]!++;
  h.sum += seconds;
  h.count++;
}

/** The serving layer reports how many model versions it holds loaded per environment. */
export function setLoadedModels(environment: string, count: number): void {
  registry().loaded.set(environment, count);
}

/** Forgets every in-process sample (tests). */
export function resetMetrics(): void {
  delete holder.__modelgateMetrics;
}

export interface TGaugeSample {
  labels: Record<string, string>;
  value: number;
}

export interface TMetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  samples: Array<{ suffix?: string; labels: Record<string, string>; value: number }>;
}

/** The in-process families, keeping only samples whose `model` label passes `visible`. */
export function collectServingMetrics(visible: (model: string) => boolean = () => true): TMetricFamily[] {
  const r = registry();
  const parse = (key: string) => JSON.parse(key) as Record<string, string>;
  const shown = <T>(map: Map<string, T>) => [...map.entries()].map(([k, v]) => [parse(k), v] as const).filter(([l]) => visible(l.model!));
  const histogramSamples = shown(r.latency).flatMap(([labels, h]) => [
    ...LATENCY_BUCKETS_SECONDS.map((le, i) => ({ suffix: '_bucket', labels: { ...labels, le: String(le) }, value: h.counts[i]! })),
    { suffix: '_bucket', labels: { ...labels, le: '+Inf' }, value: h.count },
    { suffix: '_sum', labels, value: h.sum },
    { suffix: '_count', labels, value: h.count },
  ]);
  return [
    {
      name: 'modelgate_predictions_total',
      help: 'Serving calls by model, version, environment and status (ok = answered and recorded).',
      type: 'counter',
      samples: shown(r.requests).map(([labels, value]) => ({ labels, value })),
    },
    {
      name: 'modelgate_prediction_rows_total',
      help: 'Rows predicted in answered calls (a batch counts each row).',
      type: 'counter',
      samples: shown(r.rows).map(([labels, value]) => ({ labels, value })),
    },
    {
      name: 'modelgate_prediction_latency_seconds',
      help: 'Time to answer a serving call, recording included.',
      type: 'histogram',
      samples: histogramSamples,
    },
    {
      name: 'modelgate_loaded_models',
      help: 'Model versions loaded by this process’s serving layer, per environment.',
      type: 'gauge',
      samples: [...r.loaded.entries()].map(([environment, value]) => ({ labels: { environment }, value })),
    },
  ];
}

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** Prometheus text format 0.0.4: HELP and TYPE per family, one line per sample. */
export function renderPrometheus(families: TMetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const s of family.samples) {
      const labels = Object.entries(s.labels);
      const rendered = labels.length ? `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
      lines.push(`${family.name}${s.suffix ?? ''}${rendered} ${formatValue(s.value)}`);
    }
  }
  return lines.join('\n') + '\n';
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
