'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';

/** A promotion request: facts, each check and why, the timeline, and the actions the viewer may take. */
export function PromotionDetail({ id, userId }: { id: string; userId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const request = useQuery(trpc.promotions.get.queryOptions({ id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.promotions.get.queryKey({ id }) });
  const review = useMutation(trpc.promotions.review.mutationOptions({ onSuccess: refresh }));
  const withdraw = useMutation(trpc.promotions.withdraw.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.promotions.revoke.mutationOptions({ onSuccess: refresh }));
  const [comment, setComment] = useState('');
  if (request.error) return <p role="alert" className="error">{errorMessage(request.error)}</p>;
  const r = request.data;
  if (!r) return <p className="muted">Loading…</p>;
  const failure = review.error ?? withdraw.error ?? revoke.error;
  return (
    <section className="stack">
      <h1>
        {r.model} v{r.version} → {r.environment} <span className="badge" data-testid="promotion-state">{r.state}</span>
      </h1>
      <dl className="facts">
        <dt>Artifact SHA-256</dt>
        <dd><code>{r.artifactSha256}</code></dd>
        <dt>Code</dt>
        <dd><code>training {r.trainingCodeHash}</code>, <code>prediction {r.predictionCodeHash}</code></dd>
        <dt>Policy</dt>
        <dd>
          version {r.policyVersion}: {r.policy.requiredApprovals} distinct approver(s) from {r.policy.eligibleRoles.join(' or ')}
          {r.policy.minimumFromRole.map((m) => `, at least ${m.count} ${m.role}`).join('')}
        </dd>
        <dt>{r.state === 'pending' ? 'Expires' : 'Approval valid until'}</dt>
        <dd>{(r.state === 'pending' ? r.expiresAt : r.approvalExpiresAt)?.toLocaleString() ?? '—'}</dd>
        {r.revokeReason && (
          <>
            <dt>Revoked</dt>
            <dd>{r.revokeReason}</dd>
          </>
        )}
      </dl>
      <h2>Checks</h2>
      <table aria-label="Checks">
        <tbody>
          {r.checks.map((c) => (
            <tr key={c.name}>
              <td>{c.name}{r.policy.requiredChecks.includes(c.name) ? '' : ' (not required)'}</td>
              <td className={c.passed ? 'ok' : 'error'}>{c.passed ? 'passed' : 'failed'}</td>
              <td>{c.explanation}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Why it is {r.state}</h2>
      <ul aria-label="Reasons">{r.reasons.map((reason, i) => <li key={i}>{reason}</li>)}</ul>
      <h2>Timeline</h2>
      <ol aria-label="Timeline">
        {r.timeline.map((t, i) => (
          <li key={i}>
            <time>{t.at.toLocaleString()}</time> {t.who && <strong>{t.who}</strong>} {t.what}
          </li>
        ))}
      </ol>
      {r.state === 'pending' && (
        <div className="card stack">
          <label>
            Comment <input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />
          </label>
          <div className="row">
            <button type="button" onClick={() => review.mutate({ id, decision: 'approve', comment })}>Approve</button>
            <button type="button" className="danger" onClick={() => review.mutate({ id, decision: 'reject', comment })}>Reject</button>
            {r.requesterId === userId && (
              <button type="button" className="secondary" onClick={() => withdraw.mutate({ id, reason: comment })}>Withdraw</button>
            )}
          </div>
        </div>
      )}
      {r.state === 'approved' && (
        <form
          className="card row"
          aria-label="Revoke"
          onSubmit={(e) => {
            e.preventDefault();
            revoke.mutate({ id, reason: String(new FormData(e.currentTarget).get('reason')) });
          }}
        >
          <label>
            Reason <input name="reason" required maxLength={2000} />
          </label>
          <button type="submit" className="danger">Revoke approval</button>
        </form>
      )}
      {failure && <p role="alert" className="error">{errorMessage(failure)}</p>}
      {r.attestation && (
        <details>
          <summary>Attestation (DSSE envelope)</summary>
          <pre data-testid="attestation">{JSON.stringify(r.attestation, null, 2)}</pre>
        </details>
      )}
    </section>
  );
}
