'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';
import { SCOPES, type TScope } from '@/policies/vocabulary';

function tokenState(token: { revokedAt: Date | null; expiresAt: Date }) {
  if (token.revokedAt) return `revoked ${token.revokedAt.toLocaleString()}`;
  if (token.expiresAt.getTime() < Date.now()) return 'expired';
  return `expires ${token.expiresAt.toLocaleDateString()}`;
}

export function TokensManager() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  const create = useMutation(trpc.tokens.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSuccess: refresh }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      name: String(form.get('name')),
      scopes: form.getAll('scopes').map(String) as TScope[],
      expiresInDays: Number(form.get('expiresInDays')),
    });
  }

  return (
    <div className="stack">
      {create.data && (
        <div className="card notice" role="status">
          <p>
            Copy the token for <strong>{create.data.name}</strong> now; it will not be shown again:
          </p>
          <code className="secret" data-testid="new-token">
            {create.data.secret}
          </code>
        </div>
      )}
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>User</th>
            <th>Token</th>
            <th>Scopes</th>
            <th>State</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.data?.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td>{token.userEmail}</td>
              <td>
                <code>{token.prefix}…</code>
              </td>
              <td>{token.scopes.join(', ')}</td>
              <td>{tokenState(token)}</td>
              <td>{token.lastUsedAt ? token.lastUsedAt.toLocaleString() : 'never'}</td>
              <td>
                {!token.revokedAt && (
                  <button type="button" className="danger" onClick={() => revoke.mutate({ id: token.id })}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {revoke.error && <p role="alert" className="error">{errorMessage(revoke.error)}</p>}
      <form onSubmit={submit} className="card stack" aria-label="Create token">
        <h2>New token</h2>
        <label>
          Name <input name="name" required maxLength={100} placeholder="e.g. ci-pipeline" />
        </label>
        <fieldset>
          <legend>Scopes</legend>
          {Object.entries(SCOPES).map(([scope, description]) => (
            <label key={scope} className="inline" title={description}>
              <input type="checkbox" name="scopes" value={scope} /> {scope}
            </label>
          ))}
        </fieldset>
        <label>
          Expires in (days) <input name="expiresInDays" type="number" min={1} max={365} defaultValue={90} required />
        </label>
        {create.error && <p role="alert" className="error">{errorMessage(create.error)}</p>}
        <button type="submit" disabled={create.isPending}>
          Create token
        </button>
      </form>
    </div>
  );
}
