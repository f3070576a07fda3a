// Small hand-made SVG charts for time series: bars for counts, lines for latency percentiles.
// Each chart carries a text summary (aria-label) so it is readable without seeing it.

export type TSeries = { name: string; color: string; values: (number | null)[] };

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { left: 48, right: 12, top: 10, bottom: 24 };
const FIGURE = { margin: 0 } as const;
const SVG = { width: '100%', height: 'auto', background: '#fff', border: '1px solid #e3e7ee', borderRadius: 6 } as const;

function niceMax(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (max <= step * magnitude) return step * magnitude;
  return 10 * magnitude;
}

function formatTick(value: number): string {
  if (value >= 1000) return `${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)}k`;
  if (value >= 10 || value === 0) return String(Math.round(value));
  return value.toFixed(value >= 1 ? 1 : 2);
}

function timeLabel(at: Date, bucket: 'minute' | 'hour'): string {
  return bucket === 'minute' ? at.toISOString().slice(11, 16) : `${at.toISOString().slice(5, 10)} ${at.toISOString().slice(11, 13)}h`;
}

function Axes({ times, bucket, max, unit }: { times: Date[]; bucket: 'minute' | 'hour'; max: number; unit: string }) {
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const innerW = WIDTH - PAD.left - PAD.right;
  const ticks = [0, 0.5, 1].map((f) => ({ y: PAD.top + innerH * (1 - f), value: max * f }));
  const labelEvery = Math.max(1, Math.ceil(times.length / 6));
  return (
    <g className="axes" fontSize="10" fill="#5b6472">
      {ticks.map((t) => (
        <g key={t.y}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={t.y} y2={t.y} stroke="#e3e7ee" />
          <text x={PAD.left - 6} y={t.y + 3} textAnchor="end">
            {formatTick(t.value)}
            {t.value === max ? ` ${unit}` : ''}
          </text>
        </g>
      ))}
      {times.map((at, i) =>
        i % labelEvery === 0 ? (
          <text key={at.getTime()} x={PAD.left + (innerW * (i + 0.5)) / times.length} y={HEIGHT - 6} textAnchor="middle">
            {timeLabel(at, bucket)}
          </text>
        ) : null,
      )}
    </g>
  );
}

/** Calls per bucket as bars. */
export function BarChart({ title, times, values, bucket, unit }: { title: string; times: Date[]; values: number[]; bucket: 'minute' | 'hour'; unit: string }) {
  const max = niceMax(Math.max(0, ...values));
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, values.length);
  const total = values.reduce((s, v) => s + v, 0);
  return (
    <figure className="chart" style={FIGURE}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} style={SVG} role="img" aria-label={`${title}: ${total} ${unit} in ${values.length} buckets, peak ${Math.max(0, ...values)}`}>
        <Axes times={times} bucket={bucket} max={max} unit={unit} />
        {values.map((v, i) => {
          const h = (innerH * v) / max;
          return (
            <rect key={i} x={PAD.left + i * slot + slot * 0.1} y={PAD.top + innerH - h} width={Math.max(1, slot * 0.8)} height={h} fill="#3b6fd8">
              <title>{`${timeLabel(times[i]!, bucket)}: ${v} ${unit}`}</title>
            </rect>
          );
        })}
      </svg>
    </figure>
  );
}

/** Several series as lines (gaps where a bucket has no value), with a legend. */
export function LineChart({ title, times, series, bucket, unit }: { title: string; times: Date[]; series: TSeries[]; bucket: 'minute' | 'hour'; unit: string }) {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = niceMax(Math.max(0, ...all));
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, times.length);
  const x = (i: number) => PAD.left + slot * (i + 0.5);
  const y = (v: number) => PAD.top + innerH * (1 - v / max);
  const latest = series.map((s) => {
    const last = [...s.values].reverse().find((v) => v !== null);
    return `${s.name} ${last === undefined || last === null ? 'none' : `${last.toFixed(2)} ${unit}`}`;
  });
  return (
    <figure className="chart" style={FIGURE}>
      <figcaption>
        {title}{' '}
        {series.map((s) => (
          <span key={s.name} className="legend" style={{ color: s.color, marginLeft: 8, fontSize: '0.85rem' }}>
            ■ {s.name}
          </span>
        ))}
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} style={SVG} role="img" aria-label={`${title}, latest: ${latest.join(', ')}`}>
        <Axes times={times} bucket={bucket} max={max} unit={unit} />
        {series.map((s) => {
          // Consecutive non-null points form one path segment.
          const segments: string[] = [];
          let current = '';
          s.values.forEach((v, i) => {
            if (v === null) {
              if (current) segments.push(current);
              current = '';
              return;
            }
            current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
          });
          if (current) segments.push(current);
          return (
            <g key={s.name}>
              {segments.map((d, k) => (
                <path key={k} d={d} fill="none" stroke={s.color} strokeWidth={1.8} />
              ))}
              {s.values.map((v, i) =>
                v === null ? null : (
                  <circle key={i} cx={x(i)} cy={y(v)} r={1.8} fill={s.color}>
                    <title>{`${s.name} ${timeLabel(times[i]!, bucket)}: ${v.toFixed(2)} ${unit}`}</title>
                  </circle>
                ),
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
