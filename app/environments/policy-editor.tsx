'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc-client';
import { PROMOTION_CHECKS } from '@/server/services/promotions/default-policies';
import { ROLE_LABELS, ROLES, type TRole } from '@/policies/vocabulary';

/** One form per environment; read-only unless the viewer is a governance officer. */
export function PolicyEditor({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const environments = useQuery(trpc.environments.list.queryOptions());
  const update = useMutation(
    trpc.environments.updatePolicy.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.environments.list.queryKey() }) }),
  );

  function submit(environment: string) {
    return (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const form = new FormData(event.currentTarget);
      const minimumRole = String(form.get('minimumRole'));
      update.mutate({
        environment,
        requiredApprovals: Number(form.get('requiredApprovals')),
        eligibleRoles: form.getAll('eligibleRoles').map(String) as TRole[],
        minimumFromRole: minimumRole ? [{ role: minimumRole as TRole, count: Number(form.get('minimumCount')) }] : [],
        requiredChecks: form.getAll('requiredChecks').map(String) as (typeof PROMOTION_CHECKS)[number][],
        approvalValidDays: Number(form.get('approvalValidDays')),
      });
    };
  }

  return (
    <div className="cards">
      {environments.data?.map((p) => (
        <form key={`${p.environment}-${p.version}`} className="card stack" aria-label={`${p.environment} policy`} onSubmit={submit(p.environment)}>
          <h2>
            {p.environment} <span className="badge">policy v{p.version}</span>
          </h2>
          <fieldset disabled={!canEdit} className="stack">
            <label>Distinct approvers <input name="requiredApprovals" type="number" min={1} max={10} defaultValue={p.requiredApprovals} /></label>
            <fieldset>
              <legend>Eligible roles</legend>
              {ROLES.map((role) => (
                <label key={role} className="inline">
                  <input type="checkbox" name="eligibleRoles" value={role} defaultChecked={p.eligibleRoles.includes(role)} /> {ROLE_LABELS[role]}
                </label>
              ))}
            </fieldset>
            <label>
              At least … of role
              <span className="row">
                <input name="minimumCount" type="number" min={1} max={10} defaultValue={p.minimumFromRole[0]?.count ?? 1} />
                <select name="minimumRole" defaultValue={p.minimumFromRole[0]?.role ?? ''}>
                  <option value="">no minimum</option>
                  {ROLES.map((role) => <option key={role} value={role}>{ROLE_LABELS[role]}</option>)}
                </select>
              </span>
            </label>
            <fieldset>
              <legend>Required checks</legend>
              {PROMOTION_CHECKS.map((check) => (
                <label key={check} className="inline">
                  <input type="checkbox" name="requiredChecks" value={check} defaultChecked={p.requiredChecks.includes(check)} /> {check}
                </label>
              ))}
            </fieldset>
            <label>Approval valid for (days) <input name="approvalValidDays" type="number" min={1} max={365} defaultValue={p.approvalValidDays} /></label>
            {canEdit && <button type="submit" disabled={update.isPending}>Publish version {p.version + 1}</button>}
          </fieldset>
        </form>
      ))}
      {update.error && <p role="alert" className="error">{errorMessage(update.error)}</p>}
    </div>
  );
}
