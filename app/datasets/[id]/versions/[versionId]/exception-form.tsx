'use client';
import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';

/** A governance officer approves, with a reason, promoting models trained on this restricted version to production (DESIGN.md §3 rule 6). */
export function ExceptionForm({ versionId }: { versionId: string }) {
  const trpc = useTRPC();
  const approve = useMutation(trpc.promotions.approveException.mutationOptions());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    approve.mutate({ datasetVersionId: versionId, reason: String(new FormData(event.currentTarget).get('reason')) });
  }

  return (
    <form onSubmit={submit} className="card stack" aria-label="Restricted-data exception">
      <h2>Restricted-data exception</h2>
      <p className="muted">Models trained on a restricted version reach production only with an exception approved by a governance officer.</p>
      <label>
        Reason for the exception <textarea name="reason" rows={2} required minLength={10} maxLength={2000} />
      </label>
      {approve.error && <p role="alert" className="error">{errorMessage(approve.error)}</p>}
      {approve.isSuccess && <p role="status">Exception approved.</p>}
      <button type="submit" disabled={approve.isPending || approve.isSuccess}>
        Approve exception
      </button>
    </form>
  );
}
