import type { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { environmentPolicies, environments, promotionRequests } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { transact } from '../../audit/transact';
import { authorize, type TServiceContext } from '../context';
import { lockPromotionRequest } from './lock-request';
import { loadCurrentPolicy } from './policy';
import type { ZUpdatePolicySchema } from './schemas';
import { settlePromotion } from './settle';

/**
 * A governance officer publishes a new version of an environment's policy. Every request
 * pending for that environment is re-judged under it in the same transaction, so none stays
 * bound to rules no longer in force.
 */
export async function updatePolicy(ctx: TServiceContext, input: z.infer<typeof ZUpdatePolicySchema>) {
  const current = await loadCurrentPolicy(ctx.db, { name: input.environment });
  await authorize(ctx, 'update', 'Environment', { id: current.environmentId });
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    // Lock the environment row: two editors publish consecutive versions, not the same one.
    const [env] = await tx.select().from(environments).where(eq(environments.id, current.environmentId)).for('update');
    const { environment: _name, ...rules } = input;
    const nextVersion = env!.policyVersion + 1;
    await tx.insert(environmentPolicies).values({ environmentId: env!.id, version: nextVersion, ...rules, createdBy: actorUserId(ctx.actor) });
    await tx.update(environments).set({ policyVersion: nextVersion }).where(eq(environments.id, env!.id));
    audit.record({
      action: 'environment.policy_changed',
      subject: { type: 'Environment', id: env!.id },
      data: { environment: env!.name, fromVersion: env!.policyVersion, toVersion: nextVersion, policy: rules },
    });
    const pending = await tx
      .select({ id: promotionRequests.id })
      .from(promotionRequests)
      .where(and(eq(promotionRequests.environmentId, env!.id), eq(promotionRequests.state, 'pending')))
      .orderBy(promotionRequests.id);
    let reevaluated = 0;
    for (const { id } of pending) {
      const request = await lockPromotionRequest(tx, id);
      if (request.state !== 'pending') continue;
      await settlePromotion(tx, audit, request);
      reevaluated++;
    }
    return { environment: env!.name, version: nextVersion, reevaluated };
  });
}
