'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';
import { AUDIT_ACTIONS } from '@/server/audit/events';
import { ChainStatus } from './chain-status';

type TFilters = { actor?: string; action?: (typeof AUDIT_ACTIONS)[number]; subjectType?: string; subjectId?: string; from?: Date; to?: Date };

function fromForm(form: FormData): TFilters {
  const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
  const time = (name: string) => (text(name) ? new Date(text(name)!) : undefined);
  return {
    actor: text('actor'),
    action: text('action') as TFilters['action'],
    subjectType: text('subjectType'),
    subjectId: text('subjectId'),
    from: time('from'),
    to: time('to'),
  };
}

function exportHref(filters: TFilters) {
  if (filters.from && filters.to) return `/audit/export?from=${filters.from.toISOString()}&to=${filters.to.toISOString()}`;
  return '/audit/export';
}

export function AuditExplorer({ initialActor, canVerify, canExport }: { initialActor: string; canVerify: boolean; canExport: boolean }) {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<TFilters>(initialActor ? { actor: initialActor } : {});
  const events = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions({ ...filters, limit: 50 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFilters(fromForm(new FormData(event.currentTarget)));
  }

  return (
    <div className="stack">
      {canVerify && <ChainStatus />}
      <form onSubmit={submit} className="card row" aria-label="Filter events">
        <label>
          Actor (email or id) <input name="actor" defaultValue={initialActor} />
        </label>
        <label>
          Action
          <select name="action" defaultValue="">
            <option value="">any</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          Subject type <input name="subjectType" size={10} />
        </label>
        <label>
          Subject id <input name="subjectId" />
        </label>
        <label>
          From <input name="from" type="datetime-local" />
        </label>
        <label>
          To <input name="to" type="datetime-local" />
        </label>
        <button type="submit">Filter</button>
        {canExport && (
          <a href={exportHref(filters)} download>
            Export {filters.from && filters.to ? 'this time range' : 'the whole log'} (JSON Lines)
          </a>
        )}
      </form>
      {canExport && (
        <p className="muted">
          Verify an export offline with <code>npx modelgate verify-audit modelgate-audit-….jsonl</code> (only node:crypto; add
          <code> --key audit-key.pem</code> to pin the signing key from <code>/api/v1/audit/keys</code>).
        </p>
      )}
      {events.error && <p className="error">{errorMessage(events.error)}</p>}
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Time</th>
            <th>Actor</th>
            <th>Action</th>
            <th>Subject</th>
            <th>Outcome</th>
            <th>Data</th>
          </tr>
        </thead>
        <tbody>
          {events.data?.pages.flatMap((page) =>
            page.items.map(({ seq, event }) => (
              <tr key={seq}>
                <td>{seq}</td>
                <td>{new Date(event.at).toLocaleString()}</td>
                <td>{event.actor.label}</td>
                <td>
                  <code>{event.action}</code>
                </td>
                <td>
                  {event.subject.type}
                  {event.subject.id ? <code> {event.subject.id.slice(0, 8)}</code> : null}
                </td>
                <td className={event.outcome === 'success' ? '' : 'error'}>{event.outcome}</td>
                <td>
                  <code>{JSON.stringify(event.data).slice(0, 160)}</code>
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      {events.hasNextPage && (
        <button type="button" className="secondary" onClick={() => events.fetchNextPage()} disabled={events.isFetchingNextPage}>
          Older events
        </button>
      )}
    </div>
  );
}
