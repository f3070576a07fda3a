'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';

export function CreateModelForm({ teams, riskTiers }: { teams: { id: string; name: string }[]; riskTiers: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(
    trpc.models.create.mutationOptions({ onSuccess: (model) => router.push(`/models/${encodeURIComponent(model.name)}`) }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      name: String(form.get('name')).trim(),
      teamId: String(form.get('teamId')),
      description: String(form.get('description')),
      tags: String(form.get('tags')).split(',').map((t) => t.trim()).filter(Boolean),
      riskTier: String(form.get('riskTier')) as 'low',
    });
  }

  return (
    <form onSubmit={submit} className="card stack" aria-label="Register model">
      <label>
        Name <input name="name" required maxLength={100} pattern="[A-Za-z0-9][A-Za-z0-9._\-]*" placeholder="e.g. churn-predictor" />
      </label>
      <label>
        Team
        <select name="teamId">
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Risk tier
        <select name="riskTier" defaultValue="medium">
          {riskTiers.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <label>
        Tags (comma-separated) <input name="tags" placeholder="credit, classification" />
      </label>
      <label>
        Description <textarea name="description" rows={3} maxLength={5000} />
      </label>
      {create.error && <p role="alert" className="error">{errorMessage(create.error)}</p>}
      <button type="submit" disabled={create.isPending}>
        Register model
      </button>
    </form>
  );
}
