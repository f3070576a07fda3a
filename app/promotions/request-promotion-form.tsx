'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';

/** Ask for a model version to be promoted to an environment; opens the new request's page. */
export function RequestPromotionForm({ model, version }: { model: string; version: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const environments = useQuery(trpc.environments.list.queryOptions());
  const request = useMutation(trpc.promotions.request.mutationOptions({ onSuccess: (r) => router.push(`/promotions/${r.id}`) }));
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    request.mutate({
      name: String(form.get('name')),
      version: Number(form.get('version')),
      environment: String(form.get('environment')),
      justification: String(form.get('justification')),
    });
  }
  return (
    <form onSubmit={submit} className="card stack" aria-label="Request promotion">
      <h2>Request a promotion</h2>
      <label>Model <input name="name" required defaultValue={model} /></label>
      <label>Version <input name="version" type="number" min={1} required defaultValue={version} /></label>
      <label>
        Environment
        <select name="environment" required>
          {environments.data?.map((e) => <option key={e.environment} value={e.environment}>{e.environment}</option>)}
        </select>
      </label>
      <label>Justification <textarea name="justification" maxLength={2000} /></label>
      {request.error && <p role="alert" className="error">{errorMessage(request.error)}</p>}
      <button type="submit" disabled={request.isPending}>Request promotion</button>
    </form>
  );
}
