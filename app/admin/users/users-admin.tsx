'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';
import { ROLES, ROLE_LABELS, type TRole } from '@/policies/vocabulary';

function checked(form: FormData, name: string) {
  return form.getAll(name).map(String);
}

function RoleAndTeamFields({ teams, roles, teamIds }: { teams: { id: string; name: string }[]; roles: string[]; teamIds: string[] }) {
  return (
    <>
      <fieldset>
        <legend>Roles</legend>
        {ROLES.map((role) => (
          <label key={role} className="inline">
            <input type="checkbox" name="roles" value={role} defaultChecked={roles.includes(role)} /> {ROLE_LABELS[role]}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Teams</legend>
        {teams.map((team) => (
          <label key={team.id} className="inline">
            <input type="checkbox" name="teamIds" value={team.id} defaultChecked={teamIds.includes(team.id)} /> {team.name}
          </label>
        ))}
      </fieldset>
    </>
  );
}

export function UsersAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const teams = useQuery(trpc.teams.list.queryOptions());
  const [editing, setEditing] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const create = useMutation(trpc.users.create.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.users.update.mutationOptions({ onSuccess: () => (setEditing(null), refresh()) }));
  const teamName = (id: string) => teams.data?.find((t) => t.id === id)?.name ?? id;

  function submitCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = event.currentTarget;
    create.mutate(
      {
        email: String(form.get('email')),
        name: String(form.get('name')),
        password: String(form.get('password')),
        roles: checked(form, 'roles') as TRole[],
        teamIds: checked(form, 'teamIds'),
      },
      { onSuccess: () => target.reset() },
    );
  }

  function submitUpdate(event: FormEvent<HTMLFormElement>, id: string) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    update.mutate({
      id,
      roles: checked(form, 'roles') as TRole[],
      teamIds: checked(form, 'teamIds'),
      disabled: form.get('disabled') === 'on',
    });
  }

  return (
    <div className="stack">
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Roles</th>
            <th>Teams</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.data?.map((user) =>
            editing === user.id ? (
              <tr key={user.id}>
                <td colSpan={6}>
                  <form onSubmit={(e) => submitUpdate(e, user.id)} className="stack" aria-label={`Edit ${user.email}`}>
                    <strong>{user.email}</strong>
                    <RoleAndTeamFields teams={teams.data ?? []} roles={user.roles} teamIds={user.teamIds} />
                    <label className="inline">
                      <input type="checkbox" name="disabled" defaultChecked={user.disabled} /> Disabled
                    </label>
                    {update.error && <p role="alert" className="error">{errorMessage(update.error)}</p>}
                    <div className="row">
                      <button type="submit">Save</button>
                      <button type="button" className="secondary" onClick={() => setEditing(null)}>
                        Cancel
                      </button>
                    </div>
                  </form>
                </td>
              </tr>
            ) : (
              <tr key={user.id}>
                <td>{user.name}</td>
                <td>{user.email}</td>
                <td>{user.roles.map((r) => ROLE_LABELS[r]).join(', ')}</td>
                <td>{user.teamIds.map(teamName).join(', ')}</td>
                <td>{user.disabled ? 'disabled' : 'active'}</td>
                <td>
                  <button type="button" className="secondary" onClick={() => setEditing(user.id)}>
                    Edit
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>

      <form onSubmit={submitCreate} className="card stack" aria-label="Create user">
        <h2>New user</h2>
        <label>
          Name <input name="name" required maxLength={200} />
        </label>
        <label>
          Email <input name="email" type="email" required />
        </label>
        <label>
          Initial password (12 characters or more) <input name="password" type="password" minLength={12} required />
        </label>
        <RoleAndTeamFields teams={teams.data ?? []} roles={[]} teamIds={[]} />
        {create.error && <p role="alert" className="error">{errorMessage(create.error)}</p>}
        {create.isSuccess && <p role="status">Created {create.data.email}.</p>}
        <button type="submit" disabled={create.isPending}>
          Create user
        </button>
      </form>
    </div>
  );
}
