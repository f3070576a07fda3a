'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';

export function TeamsAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const teams = useQuery(trpc.teams.list.queryOptions());
  const users = useQuery(trpc.users.list.queryOptions());
  const create = useMutation(
    trpc.teams.create.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.teams.list.queryKey() }) }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = event.currentTarget;
    create.mutate({ name: String(new FormData(target).get('name')) }, { onSuccess: () => target.reset() });
  }

  return (
    <div className="stack">
      <table>
        <thead>
          <tr>
            <th>Team</th>
            <th>Members</th>
          </tr>
        </thead>
        <tbody>
          {teams.data?.map((team) => (
            <tr key={team.id}>
              <td>{team.name}</td>
              <td>
                {users.data
                  ?.filter((u) => u.teamIds.includes(team.id))
                  .map((u) => u.name)
                  .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Membership is edited per user on the Users page.</p>
      <form onSubmit={submit} className="card row" aria-label="Create team">
        <input name="name" placeholder="Team name" required minLength={2} maxLength={64} />
        <button type="submit" disabled={create.isPending}>
          Create team
        </button>
        {create.error && <p role="alert" className="error">{errorMessage(create.error)}</p>}
      </form>
    </div>
  );
}
