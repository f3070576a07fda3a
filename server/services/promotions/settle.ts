import { asc, eq } from 'drizzle-orm';
import type { TTx } from '@/db/client';
import { modelVersions, promotionRequests, promotionReviews, registeredModels, users } from '@/db/schema';
import type { TRole } from '@/policies/vocabulary';
import { issuePromotionAttestation } from '../../attestations/issue';
import type { TAuditSink } from '../../audit/transact';
import { enqueueWebhook } from '../../webhooks/enqueue';
import { codeHashOf } from './code-hash';
import { decidePromotion } from './decide';
import type { TPromotionRow } from './lock-request';
import { loadCurrentPolicy } from './policy';
import { runPromotionChecks } from './run-checks';
import type { TPromotionDecision } from './types';

const DAY_MS = 86_400_000;

/**
 * Re-judges a pending request the caller holds the row lock on, under the environment's
 * current policy, with fresh check results, and applies the state decidePromotion returns:
 * the one place a promotion becomes approved, rejected or expired. Approval issues the
 * attestation in the same transaction, so there is exactly one per approved request.
 */
export async function settlePromotion(tx: TTx, audit: TAuditSink, request: TPromotionRow, now = new Date()): Promise<TPromotionRow> {
  const policy = await loadCurrentPolicy(tx, { id: request.environmentId });
  const [version] = await tx
    .select({ version: modelVersions, model: registeredModels.name })
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(eq(modelVersions.id, request.modelVersionId));
  const v = version!.version;
  const reviews = await tx
    .select({ review: promotionReviews, name: users.name, email: users.email })
    .from(promotionReviews)
    .innerJoin(users, eq(users.id, promotionReviews.reviewerId))
    .where(eq(promotionReviews.requestId, request.id))
    .orderBy(asc(promotionReviews.decidedAt));
  const checks = await runPromotionChecks(tx, v);
  const decision = decidePromotion({
    policy,
    request,
    version: { artifactSha256: v.artifactSha256, trainingCodeHash: codeHashOf(v.trainingCode), predictionCodeHash: codeHashOf(v.predictionCode), creatorId: v.createdBy },
    reviews: reviews.map(({ review }) => ({ ...review, roles: review.roles as TRole[] })),
    checks,
    now,
  });

  const subject = { type: 'PromotionRequest', id: request.id };
  if (decision.policyVersion !== request.policyVersion) {
    audit.record({
      action: 'promotion.reevaluated',
      subject,
      data: { fromPolicyVersion: request.policyVersion, toPolicyVersion: decision.policyVersion, state: decision.state },
    });
  }
  const changes: Partial<TPromotionRow> = { reasons: decision.reasons, checks, policyId: policy.id, policyVersion: decision.policyVersion };
  if (decision.state === 'approved') {
    const approvalExpiresAt = new Date(now.getTime() + policy.approvalValidDays * DAY_MS);
    const byId = new Map(reviews.map((r) => [r.review.reviewerId, r]));
    const attestation = await issuePromotionAttestation(tx, {
      requestId: request.id,
      artifact: { name: `${version!.model}-${v.version}.${v.artifactFormat === 'onnx' ? 'onnx' : 'bin'}`, sha256: v.artifactSha256 },
      model: version!.model,
      version: v.version,
      environment: policy.environment,
      policy: { id: policy.id, version: policy.version },
      approvers: decision.countedApprovers.map((a) => ({ name: byId.get(a.userId)!.name, email: byId.get(a.userId)!.email, roles: a.roles, decidedAt: a.decidedAt })),
      decidedAt: now,
      expiresAt: approvalExpiresAt,
      trainingCodeHash: request.trainingCodeHash,
      predictionCodeHash: request.predictionCodeHash,
    });
    Object.assign(changes, { state: 'approved', decidedAt: now, approvalExpiresAt, attestation });
    audit.record({
      action: 'promotion.approved',
      subject,
      data: {
        policyVersion: policy.version,
        approverIds: decision.countedApprovers.map((a) => a.userId),
        approvalExpiresAt: approvalExpiresAt.toISOString(),
        attestationKeyIds: attestation.signatures.map((s) => s.keyid),
      },
    });
  } else if (decision.state !== 'pending') {
    Object.assign(changes, { state: decision.state, decidedAt: now });
    recordSettled(audit, subject, decision, request);
  }
  const [updated] = await tx.update(promotionRequests).set(changes).where(eq(promotionRequests.id, request.id)).returning();
  if (decision.state === 'approved' || decision.state === 'rejected') {
    await enqueueWebhook(tx, `promotion.${decision.state}`, {
      requestId: request.id,
      model: version!.model,
      version: v.version,
      environment: policy.environment,
      artifactSha256: v.artifactSha256,
      reasons: decision.reasons,
    });
  }
  return updated!;
}

function recordSettled(audit: TAuditSink, subject: { type: string; id: string }, decision: TPromotionDecision, request: TPromotionRow) {
  if (decision.state === 'expired') audit.record({ action: 'promotion.expired', subject, data: { expiresAt: request.expiresAt.toISOString() } });
  else audit.record({ action: 'promotion.rejected', subject, data: { policyVersion: decision.policyVersion, reasons: decision.reasons } });
}
