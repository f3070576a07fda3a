import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { abilityWhere } from '@/db/queries/ability-where';
import { preparedQuery } from '@/db/queries/prepared';
import { environments, modelVersions, promotionRequests, promotionReviews, registeredModels, users } from '@/db/schema';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import { modelNameKey } from '../models/views';
import { loadCurrentPolicy } from './policy';
import type { ZApprovalStatusSchema } from './schemas';

export const APPROVAL_STATUSES = ['approved', 'pending', 'rejected', 'withdrawn', 'revoked', 'expired', 'none'] as const;
export type TApprovalStatus = (typeof APPROVAL_STATUSES)[number];

type TRequestState = Pick<typeof promotionRequests.$inferSelect, 'state' | 'expiresAt' | 'approvalExpiresAt'>;

/** What a stored state means now: a pending request or an approval past its expiry reads as expired. */
function statusNow(row: TRequestState, now: Date): TApprovalStatus {
  if (row.state === 'pending' && row.expiresAt <= now) return 'expired';
  if (row.state === 'approved' && row.approvalExpiresAt! <= now) return 'expired';
  return row.state;
}

interface TApproverRow {
  name: string;
  email: string;
  roles: string[];
  decidedAt: string;
}

/**
 * Version, environment, latest request and its approvers in one prepared statement (pipelines
 * poll this): the latest request by a correlated subquery, the approvers aggregated as JSON.
 */
const approvalStatusQuery = preparedQuery((db) => {
  const latestRequestId = sql`(select p.id from ${promotionRequests} p where p.model_version_id = ${modelVersions.id}
    and p.environment_id = ${environments.id} order by p.created_at desc limit 1)`;
  const approvers = sql<TApproverRow[] | null>`(select json_agg(json_build_object('name', u.name, 'email', u.email, 'roles', r.roles, 'decidedAt', r.decided_at) order by r.decided_at)
    from ${promotionReviews} r join ${users} u on u.id = r.reviewer_id
    where r.request_id = ${promotionRequests.id} and r.decision = 'approve')`;
  return db
    .select({
      versionId: modelVersions.id,
      model: registeredModels.name,
      teamId: registeredModels.teamId,
      version: modelVersions.version,
      artifactSha256: modelVersions.artifactSha256,
      environmentId: environments.id,
      environment: environments.name,
      request: {
        id: promotionRequests.id,
        state: promotionRequests.state,
        requesterId: promotionRequests.requesterId,
        createdAt: promotionRequests.createdAt,
        expiresAt: promotionRequests.expiresAt,
        decidedAt: promotionRequests.decidedAt,
        approvalExpiresAt: promotionRequests.approvalExpiresAt,
        revokedAt: promotionRequests.revokedAt,
        revokeReason: promotionRequests.revokeReason,
        reasons: promotionRequests.reasons,
        attestation: promotionRequests.attestation,
        approvers,
      },
    })
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .leftJoin(environments, eq(environments.name, sql.placeholder('env')))
    .leftJoin(promotionRequests, eq(promotionRequests.id, latestRequestId))
    .where(and(eq(modelNameKey, sql.placeholder('nameKey')), eq(modelVersions.version, sql.placeholder('version'))))
    .prepare('approval_status');
});

/**
 * A version's approval status for an environment, from its latest promotion request: what a
 * pipeline asks before deploying. `none` when no request was ever made.
 */
export async function readApprovalStatus(ctx: TServiceContext, input: z.infer<typeof ZApprovalStatusSchema>) {
  const [found] = await approvalStatusQuery(ctx.db).execute({ env: input.env, nameKey: input.name.toLowerCase(), version: input.version });
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
  const approvers = (request.approvers ?? []).map((a) => ({ name: a.name, email: a.email, roles: a.roles, decidedAt: new Date(a.decidedAt) }));
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
