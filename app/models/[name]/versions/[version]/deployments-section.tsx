'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';

const STATUS_LABELS: Record<string, string> = {
  serving: 'serving',
  superseded: 'superseded',
  approval_revoked: 'refused: approval revoked',
  approval_expired: 'refused: approval expired',
  not_deployed: 'refused: no live approval',
};

/**
 * Where this version is (and was) deployed, with what the serving layer does with it now; ML
 * engineers of the model's team deploy it, or roll back to it, in an environment where its
 * promotion is approved (the server refuses otherwise, with the reason).
 */
export function DeploymentsSection({ name, version, canDeploy }: { name: string; version: number; canDeploy: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const deployments = useQuery(trpc.deployments.forVersion.queryOptions({ name, version }));
  const environments = useQuery({ ...trpc.environments.list.queryOptions(), enabled: canDeploy });
  const deploy = useMutation(
    trpc.deployments.create.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.deployments.forVersion.queryKey({ name, version }) }) }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    deploy.mutate({ name, version, environment: String(form.get('environment')), note: String(form.get('note') ?? '') });
  }

  const rows = deployments.data ?? [];
  return (
    <section className="stack" aria-label="Deployments">
      <h2>Deployments</h2>
      {deployments.error && <p role="alert" className="error">{errorMessage(deployments.error)}</p>}
      {rows.length === 0 ? (
        <p className="muted">{deployments.isLoading ? 'Loading…' : 'Not deployed anywhere.'}</p>
      ) : (
        <table aria-label="Deployments of this version">
          <thead>
            <tr>
              <th>Environment</th>
              <th>Kind</th>
              <th>Status</th>
              <th>Deployed</th>
              <th>Note</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id}>
                <td>{d.environment}</td>
                <td>{d.kind}</td>
                <td title={d.statusMessage ?? undefined}>{STATUS_LABELS[d.status] ?? d.status}</td>
                <td>
                  {new Date(d.createdAt).toISOString()} by {d.deployedByEmail}
                  {d.viaToken && ' (API token)'}
                </td>
                <td>{d.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canDeploy && (
        <form onSubmit={submit} className="card row" aria-label="Deploy this version">
          <label>
            Environment
            <select name="environment" required>
              {environments.data?.map((e) => (
                <option key={e.environment} value={e.environment}>
                  {e.environment}
                </option>
              ))}
            </select>
          </label>
          <label>
            Note <input name="note" maxLength={2000} />
          </label>
          <button type="submit" disabled={deploy.isPending}>
            Deploy version {version}
          </button>
          {deploy.error && <p role="alert" className="error">{errorMessage(deploy.error)}</p>}
          {deploy.data && <p role="status">Deployed to {deploy.data.environment} ({deploy.data.kind}).</p>}
        </form>
      )}
    </section>
  );
}
