import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { abilityWhere } from '@/db/queries/ability-where';
import { environments, modelVersions, promotionRequests, promotionReviews, registeredModels, users } from '@/db/schema';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import { modelNameKey } from '../models/views';
import { loadCurrentPolicy } from './policy';
import type { ZApprovalStatusSchema } from './schemas';

export const APPROVAL_STATUSES = ['approved', 'pending', 'rejected', 'withdrawn', 'revoked', 'expired', 'none'] as const;
export type TApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** What a stored state means now: a pending request or an approval past its expiry reads as expired. */
function statusNow(row: typeof promotionRequests.$inferSelect, now: Date): TApprovalStatus {
  if (row.state === 'pending' && row.expiresAt <= now) return 'expired';
  if (row.state === 'approved' && row.approvalExpiresAt! <= now) return 'expired';
  return row.state;
}

/**
 * A version's approval status for an environment, from its latest promotion request: what a
 * pipeline asks before deploying. `none` when no request was ever made. Version, environment
 * and latest request come in one query: pipelines poll this.
 */
export async function readApprovalStatus(ctx: TServiceContext, input: z.infer<typeof ZApprovalStatusSchema>) {
  const latestRequestId = sql`(select p.id from ${promotionRequests} p where p.model_version_id = ${modelVersions.id}
    and p.environment_id = ${environments.id} order by p.created_at desc limit 1)`;
  const [found] = await ctx.db
    .select({
      versionId: modelVersions.id,
      model: registeredModels.name,
      teamId: registeredModels.teamId,
      version: modelVersions.version,
      artifactSha256: modelVersions.artifactSha256,
      environmentId: environments.id,
      environment: environments.name,
      request: promotionRequests,
    })
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .leftJoin(environments, eq(environments.name, input.env))
    .leftJoin(promotionRequests, eq(promotionRequests.id, latestRequestId))
    .where(and(eq(modelNameKey, input.name.toLowerCase()), eq(modelVersions.version, input.version)));
  if (!found) throw new AppError('not_found', `No version ${input.version} of model ${input.name}.`);
  await authorize(ctx, 'read', 'ModelVersion', { id: found.versionId, teamId: found.teamId });
  if (!found.environmentId) throw new AppError('not_found', `No environment ${input.env}.`);
  const { request } = found;
  const base = { model: found.model, version: found.version, environment: found.environment!, artifactSha256: found.artifactSha256 };
  if (!request) {
    await authorize(ctx, 'read', 'Environment', { id: found.environmentId });
    return { ...base, status: 'none' as TApprovalStatus, requestId: null, requestedAt: null, decidedAt: null, expiresAt: null, revokedAt: null, revokeReason: null, reasons: [], approvers: [], attestation: null };
  }
  await authorize(ctx, 'read', 'PromotionRequest', { id: request.id, teamId: found.teamId, requesterId: request.requesterId });
  const approvers = await ctx.db
    .select({ name: users.name, email: users.email, roles: promotionReviews.roles, decidedAt: promotionReviews.decidedAt })
    .from(promotionReviews)
    .innerJoin(users, eq(users.id, promotionReviews.reviewerId))
    .where(and(eq(promotionReviews.requestId, request.id), eq(promotionReviews.decision, 'approve')))
    .orderBy(asc(promotionReviews.decidedAt));
  const status = statusNow(request, new Date());
  return {
    ...base,
    status,
    requestId: request.id,
    requestedAt: request.createdAt,
    decidedAt: request.decidedAt,
    expiresAt: request.state === 'pending' ? request.expiresAt : request.approvalExpiresAt,
    revokedAt: request.revokedAt,
    revokeReason: request.revokeReason,
    reasons: request.reasons,
    approvers,
    attestation: request.attestation,
  };
}

/** The versions with a live approval for an environment (normally one), newest first, as the ability allows. */
export async function listApprovedVersions(ctx: TServiceContext, input: { env: string }) {
  const policy = await loadCurrentPolicy(ctx.db, { name: input.env });
  await authorize(ctx, 'read', 'Environment', { id: policy.environmentId });
  return ctx.db
    .select({
      requestId: promotionRequests.id,
      model: registeredModels.name,
      version: modelVersions.version,
      artifactSha256: promotionRequests.artifactSha256,
      decidedAt: promotionRequests.decidedAt,
      expiresAt: promotionRequests.approvalExpiresAt,
      attestation: promotionRequests.attestation,
    })
    .from(promotionRequests)
    .innerJoin(environments, eq(environments.id, promotionRequests.environmentId))
    .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.modelVersionId))
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(
      and(
        eq(promotionRequests.environmentId, policy.environmentId),
        eq(promotionRequests.state, 'approved'),
        gt(promotionRequests.approvalExpiresAt, new Date()),
        abilityWhere(ctx.ability, 'read', 'PromotionRequest', { id: promotionRequests.id, teamId: registeredModels.teamId, requesterId: promotionRequests.requesterId }),
      ),
    )
    .orderBy(desc(promotionRequests.decidedAt));
}
