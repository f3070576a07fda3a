import { and, asc, eq } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { environmentPolicies, environments } from '@/db/schema';
import type { TRole } from '@/policies/vocabulary';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import type { TPromotionPolicy } from './types';

export type TEnvironmentPolicy = TPromotionPolicy & { environmentId: string; approvalValidDays: number };

export function toPromotionPolicy(environment: string, row: typeof environmentPolicies.$inferSelect): TEnvironmentPolicy {
  return {
    id: row.id,
    environment,
    environmentId: row.environmentId,
    version: row.version,
    requiredApprovals: row.requiredApprovals,
    eligibleRoles: row.eligibleRoles as TRole[],
    minimumFromRole: row.minimumFromRole as { role: TRole; count: number }[],
    requiredChecks: row.requiredChecks,
    approvalValidDays: row.approvalValidDays,
  };
}

/** The policy in force for an environment, by name or id; 404 for an unknown environment. */
export async function loadCurrentPolicy(db: TDbOrTx, which: { name: string } | { id: string }): Promise<TEnvironmentPolicy> {
  const [row] = await db
    .select({ name: environments.name, policy: environmentPolicies })
    .from(environments)
    .innerJoin(environmentPolicies, and(eq(environmentPolicies.environmentId, environments.id), eq(environmentPolicies.version, environments.policyVersion)))
    .where('name' in which ? eq(environments.name, which.name) : eq(environments.id, which.id));
  if (!row) throw new AppError('not_found', `No environment ${'name' in which ? which.name : which.id}.`);
  return toPromotionPolicy(row.name, row.policy);
}

/** Every environment with the policy in force, for the policy editor and the request form. */
export async function listEnvironments(ctx: TServiceContext) {
  await authorize(ctx, 'read', 'Environment');
  const rows = await ctx.db
    .select({ name: environments.name, policy: environmentPolicies })
    .from(environments)
    .innerJoin(environmentPolicies, and(eq(environmentPolicies.environmentId, environments.id), eq(environmentPolicies.version, environments.policyVersion)))
    .orderBy(asc(environments.createdAt), asc(environments.name));
  return rows.map((r) => toPromotionPolicy(r.name, r.policy));
}
