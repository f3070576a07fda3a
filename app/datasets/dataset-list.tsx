'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import type { FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';

function CreateDatasetForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const teams = useQuery(trpc.teams.list.queryOptions());
  const owners = useQuery(trpc.datasets.ownerCandidates.queryOptions());
  const create = useMutation(trpc.datasets.create.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.datasets.list.queryKey() }) }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = event.currentTarget;
    create.mutate(
      { teamId: String(form.get('teamId')), ownerId: String(form.get('ownerId')), name: String(form.get('name')), description: String(form.get('description')) },
      { onSuccess: () => target.reset() },
    );
  }

  return (
    <form onSubmit={submit} className="card stack" aria-label="Create dataset">
      <h2>New dataset</h2>
      <label>
        Name <input name="name" required maxLength={120} />
      </label>
      <label>
        Description <textarea name="description" rows={2} maxLength={2000} />
      </label>
      <label>
        Team
        <select name="teamId" required>
          {teams.data?.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Owner (data owner)
        <select name="ownerId" required>
          {owners.data?.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} ({o.email})
            </option>
          ))}
        </select>
      </label>
      {create.error && <p role="alert" className="error">{errorMessage(create.error)}</p>}
      {create.isSuccess && (
        <p role="status">
          Created <Link href={`/datasets/${create.data.id}`}>{create.data.name}</Link>.
        </p>
      )}
      <button type="submit" disabled={create.isPending}>
        Create dataset
      </button>
    </form>
  );
}

export function DatasetList({ canCreate }: { canCreate: boolean }) {
  const trpc = useTRPC();
  const datasets = useQuery(trpc.datasets.list.queryOptions());
  return (
    <div className="stack">
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Team</th>
            <th>Owner</th>
            <th>Description</th>
          </tr>
        </thead>
        <tbody>
          {datasets.data?.map((d) => (
            <tr key={d.id}>
              <td>
                <Link href={`/datasets/${d.id}`}>{d.name}</Link>
              </td>
              <td>{d.teamName}</td>
              <td>{d.ownerName}</td>
              <td>{d.description}</td>
            </tr>
          ))}
          {datasets.data?.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No datasets you can see yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {datasets.error && <p role="alert" className="error">{errorMessage(datasets.error)}</p>}
      {canCreate && <CreateDatasetForm />}
    </div>
  );
}
