'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';

type TFilters = { q?: string; tag?: string; team?: string; creator?: string };

/** Search by name, tag, team and creator; pages forward by keyset cursor and back by the cursors seen. */
export function ModelCatalog({ teams }: { teams: string[] }) {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<TFilters>({});
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const page = useQuery(trpc.models.search.queryOptions({ ...filters, limit: 25, ...(cursor ? { cursor } : {}) }));

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    setFilters({ q: value('q'), tag: value('tag'), team: value('team'), creator: value('creator') });
    setCursors([]);
  }

  return (
    <div className="stack">
      <form onSubmit={search} className="row card" role="search" aria-label="Search models">
        <label>
          Name contains <input name="q" maxLength={100} />
        </label>
        <label>
          Tag <input name="tag" maxLength={40} />
        </label>
        <label>
          Team
          <select name="team" defaultValue="">
            <option value="">Any team</option>
            {teams.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Creator <input name="creator" maxLength={254} placeholder="name or email" />
        </label>
        <button type="submit">Search</button>
      </form>
      {page.error && <p role="alert" className="error">{errorMessage(page.error)}</p>}
      <table>
        <thead>
          <tr>
            <th>Model</th>
            <th>Team</th>
            <th>Tags</th>
            <th>Risk tier</th>
            <th>Latest version</th>
            <th>Owner</th>
          </tr>
        </thead>
        <tbody>
          {page.data?.models.map((m) => (
            <tr key={m.id}>
              <td>
                <Link href={`/models/${encodeURIComponent(m.name)}`}>{m.name}</Link>
                {m.description && <div className="muted">{m.description}</div>}
              </td>
              <td>{m.teamName}</td>
              <td>
                {m.tags.map((t) => (
                  <span key={t} className="badge">
                    {t}
                  </span>
                ))}
              </td>
              <td>{m.riskTier}</td>
              <td>{m.latestVersion || '—'}</td>
              <td>{m.ownerName}</td>
            </tr>
          ))}
          {page.data?.models.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No models match.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="row">
        <button type="button" className="secondary" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!page.data?.nextCursor}
          onClick={() => page.data?.nextCursor && setCursors([...cursors, page.data.nextCursor])}
        >
          Next
        </button>
      </div>
    </div>
  );
}
