'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';

function grantState(g: { expiresAt: Date; revokedAt: Date | null; revokeReason: string | null }) {
  if (g.revokedAt) return `revoked ${g.revokedAt.toLocaleString()}: ${g.revokeReason}`;
  if (g.expiresAt.getTime() <= Date.now()) return `expired ${g.expiresAt.toLocaleString()}`;
  return `live until ${g.expiresAt.toLocaleString()}`;
}

/** The access request form (preselecting ?dataset=…), requests waiting on me with approve/reject, and grants with revoke. */
export function AccessManager({ datasetId, canRequest }: { datasetId: string | null; canRequest: boolean }) {
  const trpc = useTRPC();
  const datasets = useQuery({ ...trpc.datasets.list.queryOptions({}), enabled: canRequest });
  const queryClient = useQueryClient();
  const inbox = useQuery(trpc.access.inbox.queryOptions());
  const grants = useQuery(trpc.access.grants.queryOptions());
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.access.inbox.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.access.grants.queryKey() }),
    ]);
  const request = useMutation(trpc.access.request.mutationOptions({ onSuccess: refresh }));
  const decide = useMutation(trpc.access.decide.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.access.revokeGrant.mutationOptions({ onSuccess: refresh }));
  const failure = request.error ?? decide.error ?? revoke.error;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    request.mutate({ datasetId: String(form.get('datasetId')), purpose: String(form.get('purpose')), days: Number(form.get('days')) });
  }

  return (
    <div className="stack">
      {canRequest && datasets.data && (
        <form onSubmit={submit} className="card stack" aria-label="Request access">
          <h2>Request access</h2>
          <label>
            Dataset
            <select name="datasetId" defaultValue={datasetId ?? ''} required>
              <option value="" disabled>
                Choose a dataset
              </option>
              {datasets.data.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.teamName})
                </option>
              ))}
            </select>
          </label>
          <label>Purpose <textarea name="purpose" required minLength={10} maxLength={2000} /></label>
          <label>Days <input name="days" type="number" min={1} max={365} defaultValue={30} required /></label>
          {request.isSuccess && <p role="status" className="ok">Requested; the dataset&apos;s owner will decide.</p>}
          <button type="submit" disabled={request.isPending}>Request access</button>
        </form>
      )}
      <h2>Waiting on my decision</h2>
      <table aria-label="Access requests waiting on me">
        <tbody>
          {inbox.data?.waitingOnMe.map((a) => (
            <tr key={a.id} id={`request-${a.id}`}>
              <td>{a.dataset}</td>
              <td>{a.requester}</td>
              <td>{a.purpose}</td>
              <td>{a.requestedDays} day(s)</td>
              <td className="row">
                <button type="button" onClick={() => decide.mutate({ id: a.id, decision: 'approve' })}>Approve</button>
                <button type="button" className="danger" onClick={() => decide.mutate({ id: a.id, decision: 'reject' })}>Reject</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>My requests</h2>
      <ul>
        {inbox.data?.mine.map((a) => (
          <li key={a.id} id={`request-${a.id}`}>
            {a.dataset} <span className="badge">{a.state}</span> {a.decisionReason && <span className="muted">{a.decisionReason}</span>}
          </li>
        ))}
      </ul>
      <h2>Grants</h2>
      <table aria-label="Grants">
        <thead>
          <tr><th>Dataset</th><th>Who</th><th>From</th><th>State</th><th /></tr>
        </thead>
        <tbody>
          {grants.data?.map((g) => (
            <tr key={g.id}>
              <td>{g.dataset}</td>
              <td>{g.user}</td>
              <td>{g.startsAt.toLocaleString()}</td>
              <td>{grantState(g)}</td>
              <td>
                {!g.revokedAt && g.expiresAt.getTime() > Date.now() && (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      const reason = window.prompt('Why revoke this grant?');
                      if (reason) revoke.mutate({ id: g.id, reason });
                    }}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {failure && <p role="alert" className="error">{errorMessage(failure)}</p>}
    </div>
  );
}
