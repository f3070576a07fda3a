import type { z } from 'zod';
import { promotionRequests } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { transact } from '../../audit/transact';
import { enqueueWebhook } from '../../webhooks/enqueue';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import { readVersion } from '../models';
import { codeHashOf } from './code-hash';
import { loadCurrentPolicy } from './policy';
import type { ZRequestPromotionSchema } from './schemas';
import { settlePromotion } from './settle';

/** A request left pending this long expires. */
const REQUEST_VALID_DAYS = 14;

/**
 * Opens a promotion request bound to the version's exact bits and the policy in force, and
 * judges it at once (the checks are recorded for the request page).
 */
export async function requestPromotion(ctx: TServiceContext, input: z.infer<typeof ZRequestPromotionSchema>) {
  const version = await readVersion(ctx, input);
  const requesterId = actorUserId(ctx.actor);
  await authorize(ctx, 'create', 'PromotionRequest', { teamId: version.teamId, requesterId });
  const policy = await loadCurrentPolicy(ctx.db, { name: input.environment });
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [created] = await tx
      .insert(promotionRequests)
      .values({
        modelVersionId: version.id,
        environmentId: policy.environmentId,
        requesterId: requesterId!,
        justification: input.justification,
        artifactSha256: version.artifactSha256,
        trainingCodeHash: codeHashOf(version.trainingCode),
        predictionCodeHash: codeHashOf(version.predictionCode),
        policyId: policy.id,
        policyVersion: policy.version,
        expiresAt: new Date(Date.now() + REQUEST_VALID_DAYS * 86_400_000),
      })
      .onConflictDoNothing()
      .returning();
    if (!created) throw new AppError('conflict', `Version ${version.version} of ${version.modelName} already has a pending request for ${policy.environment}.`);
    audit.record({
      action: 'promotion.requested',
      subject: { type: 'PromotionRequest', id: created.id },
      data: { model: version.modelName, version: version.version, environment: policy.environment, policyVersion: policy.version, artifactSha256: version.artifactSha256 },
    });
    await enqueueWebhook(tx, 'promotion.requested', {
      requestId: created.id,
      model: version.modelName,
      version: version.version,
      environment: policy.environment,
      artifactSha256: version.artifactSha256,
    });
    return settlePromotion(tx, audit, created);
  });
}
