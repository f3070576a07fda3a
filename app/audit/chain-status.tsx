'use client';
import { useQuery } from '@tanstack/react-query';
import { errorMessage, useTRPC } from '@/lib/trpc-client';

/** The stored chain re-verified on the server, with the latest signed checkpoint. */
export function ChainStatus() {
  const trpc = useTRPC();
  const verify = useQuery(trpc.audit.verify.queryOptions());
  if (verify.isPending) return <p className="muted">Verifying the chain…</p>;
  if (verify.error) return <p className="error">{errorMessage(verify.error)}</p>;
  const v = verify.data;
  return (
    <div className="card row" data-testid="chain-status">
      {v.ok ? (
        <span className="badge ok">Chain verified</span>
      ) : (
        <span className="badge bad">Chain broken{v.problem ? ` at event ${v.problem.seq}: ${v.problem.reason}` : ''}</span>
      )}
      <span>
        {v.size} events · head <code title={v.headHash}>{v.headHash.slice(0, 16)}…</code>
      </span>
      {v.checkpoint ? (
        <span className="muted">
          Last checkpoint: {v.checkpoint.size} events, signed {new Date(v.checkpoint.signedAt).toLocaleString()} by key{' '}
          <code>{v.checkpoint.keyId}</code> ({v.checkpoint.signatureValid && v.checkpoint.matchesChain ? 'valid' : 'INVALID'})
        </span>
      ) : (
        <span className="muted">No checkpoint signed yet.</span>
      )}
    </div>
  );
}
