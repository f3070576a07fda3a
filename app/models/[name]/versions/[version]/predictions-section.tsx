'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';

type TRange = { from?: string; to?: string };

const HOUR_MS = 3_600_000;

/** A datetime-local value (local time, no zone) as an ISO instant; empty stays unset. */
function isoOf(value: FormDataEntryValue | null): string | undefined {
  const text = String(value ?? '').trim();
  if (!text) return undefined;
  const time = new Date(text);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

function exportHref(base: string, range: TRange, format: 'csv' | 'jsonl') {
  return `${base}?${new URLSearchParams({ format, from: range.from!, to: range.to! })}`;
}

function compact(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
}

/**
 * The version page's stored predictions: newest first over an optional time range, a page at a
 * time, and CSV / JSON Lines export of the chosen range (the server records who exported what).
 */
export function PredictionsSection({ name, version, canExport }: { name: string; version: number; canExport: boolean }) {
  const trpc = useTRPC();
  const [range, setRange] = useState<TRange>({});
  const predictions = useInfiniteQuery(
    trpc.predictions.list.infiniteQueryOptions({ name, version, ...range, limit: 50 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const rows = predictions.data?.pages.flatMap((page) => page.items) ?? [];
  const base = `/api/portal/models/${encodeURIComponent(name)}/versions/${version}/predictions/export`;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setRange({ from: isoOf(form.get('from')), to: isoOf(form.get('to')) });
  }

  function lastDay() {
    const now = Date.now();
    setRange({ from: new Date(now - 24 * HOUR_MS).toISOString(), to: new Date(now + 60_000).toISOString() });
  }

  return (
    <section className="stack" aria-label="Predictions">
      <h2>Predictions</h2>
      <form onSubmit={submit} className="card row" aria-label="Prediction time range">
        <label>
          From <input name="from" type="datetime-local" />
        </label>
        <label>
          To <input name="to" type="datetime-local" />
        </label>
        <button type="submit">Show</button>
        <button type="button" className="secondary" onClick={lastDay}>
          Last 24 hours
        </button>
        {canExport &&
          (range.from && range.to ? (
            <>
              <a href={exportHref(base, range, 'csv')} download>
                Export CSV
              </a>
              <a href={exportHref(base, range, 'jsonl')} download>
                Export JSON Lines
              </a>
            </>
          ) : (
            <span className="muted">Choose a time range to export it.</span>
          ))}
      </form>
      {range.from && range.to && (
        <p className="muted">
          {new Date(range.from).toLocaleString()} – {new Date(range.to).toLocaleString()}
        </p>
      )}
      {predictions.error && <p className="error">{errorMessage(predictions.error)}</p>}
      {predictions.isSuccess && rows.length === 0 ? (
        <p className="muted">No predictions stored{range.from || range.to ? ' in this time range' : ' for this version yet'}.</p>
      ) : (
        <table aria-label="Stored predictions">
          <thead>
            <tr>
              <th>Time</th>
              <th>Request</th>
              <th>Environment</th>
              <th>Caller</th>
              <th>Latency</th>
              <th>Input</th>
              <th>Output</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={`${p.requestId}-${String(p.createdAt)}`}>
                <td>{new Date(p.createdAt).toLocaleString()}</td>
                <td>
                  <code title={p.requestId}>{p.requestId.slice(0, 8)}</code>
                </td>
                <td>{p.environmentName ?? p.environmentId.slice(0, 8)}</td>
                <td>{p.callerEmail ?? (p.callerTokenId ? `token ${p.callerTokenId.slice(0, 8)}` : '–')}</td>
                <td>{p.latencyMs.toFixed(2)} ms</td>
                <td>
                  <code>{compact(p.input)}</code>
                </td>
                <td>
                  <code>{compact(p.output)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {predictions.hasNextPage && (
        <button type="button" className="secondary" onClick={() => predictions.fetchNextPage()} disabled={predictions.isFetchingNextPage}>
          Older predictions
        </button>
      )}
    </section>
  );
}
