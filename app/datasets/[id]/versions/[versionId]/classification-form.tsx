'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';
import { CLASSIFICATIONS } from '@/scanners/readers/formats';

/** A governance officer's override: a new classification and the written reason for it. */
export function ClassificationForm({ versionId, current }: { versionId: string; current: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const change = useMutation(
    trpc.datasets.changeClassification.mutationOptions({ onSuccess: (data) => queryClient.setQueryData(trpc.datasets.version.queryKey({ versionId }), data) }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = event.currentTarget;
    change.mutate(
      { versionId, classification: String(form.get('classification')) as (typeof CLASSIFICATIONS)[number], reason: String(form.get('reason')) },
      { onSuccess: () => target.reset() },
    );
  }

  return (
    <form onSubmit={submit} className="card stack" aria-label="Change classification">
      <h2>Change the classification</h2>
      <label>
        New classification
        <select name="classification" defaultValue={CLASSIFICATIONS.find((c) => c !== current)}>
          {CLASSIFICATIONS.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason (recorded in the audit trail) <textarea name="reason" rows={3} required minLength={10} maxLength={2000} />
      </label>
      {change.error && <p role="alert" className="error">{errorMessage(change.error)}</p>}
      {change.isSuccess && <p role="status">Classification changed to {change.data.classification}.</p>}
      <button type="submit" disabled={change.isPending}>
        Change classification
      </button>
    </form>
  );
}
