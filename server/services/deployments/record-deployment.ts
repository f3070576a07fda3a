import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { deployments, modelVersions, promotionRequests } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { recordAudit, transact } from '../../audit/transact';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import { decideDeployment } from './deployability';
import { findEnvironment, findVersion } from './find-target';

export interface TRecordDeploymentInput {
  name: string;
  version: number;
  environment: string;
  note?: string;
}

/**
 * Records that a version now serves in an environment (or, for an earlier version than the
 * current one, a rollback). Refused unless the version's promotion to the environment is
 * approved, unrevoked and unexpired: the promotion rows are read FOR SHARE, so a revocation
 * racing this waits for it and is then seen by the serving layer like any other. The previous
 * deployment is superseded, the new row and its audit event commit together, and a trigger
 * notifies serving processes at commit.
 */
export async function recordDeployment(ctx: TServiceContext, input: TRecordDeploymentInput) {
  const version = await findVersion(ctx, input);
  const environment = await findEnvironment(ctx.db, input.environment);
  await authorize(ctx, 'create', 'Deployment', { teamId: version.teamId, modelId: version.modelId });
  const userId = actorUserId(ctx.actor)!;
  if (version.artifactFormat !== 'onnx') {
    throw new AppError('conflict', `${version.modelName} version ${version.version} is not an ONNX artifact; only ONNX versions can be served.`);
  }
  const target = { model: version.modelName, version: version.version, environment: environment.name, artifactSha256: version.artifactSha256 };
  const note = input.note?.trim() ?? '';
  try {
    return await transact(ctx.db, ctx.actor, async (tx, audit) => {
      // One deployment at a time per model and environment: the second waits and supersedes the first.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`deployments:${version.modelId}:${environment.id}`}))`);
      const requests = await tx
        .select()
        .from(promotionRequests)
        .where(and(eq(promotionRequests.modelVersionId, version.id), eq(promotionRequests.environmentId, environment.id)))
        .for('share');
      const decision = decideDeployment(requests, target, new Date());
      if (!decision.ok) throw new AppError(decision.code, decision.message);
      const [current] = await tx
        .select({ id: deployments.id, modelVersionId: deployments.modelVersionId, promotionRequestId: deployments.promotionRequestId, version: modelVersions.version })
        .from(deployments)
        .innerJoin(modelVersions, eq(modelVersions.id, deployments.modelVersionId))
        .where(and(eq(deployments.modelId, version.modelId), eq(deployments.environmentId, environment.id), isNull(deployments.supersededAt)));
      if (current?.modelVersionId === version.id && current.promotionRequestId === decision.request.id) {
        throw new AppError('conflict', `${version.modelName} version ${version.version} is already deployed to ${environment.name}.`);
      }
      const id = randomUUID();
      const now = new Date();
      // Free the "one current deployment" slot first, then point the old row at the new one.
      if (current) await tx.update(deployments).set({ supersededAt: now }).where(eq(deployments.id, current.id));
      const [created] = await tx
        .insert(deployments)
        .values({
          id,
          modelId: version.modelId,
          modelVersionId: version.id,
          environmentId: environment.id,
          promotionRequestId: decision.request.id,
          kind: current && current.version > version.version ? 'rollback' : 'deploy',
          note,
          deployedBy: userId,
          tokenId: ctx.actor.type === 'token' ? ctx.actor.tokenId : null,
          createdAt: now,
        })
        .returning();
      if (current) await tx.update(deployments).set({ supersededBy: id }).where(eq(deployments.id, current.id));
      audit.record({
        action: 'deployment.created',
        subject: { type: 'Deployment', id },
        data: {
          model: version.modelName,
          version: version.version,
          environment: environment.name,
          kind: created!.kind,
          promotionRequestId: decision.request.id,
          artifactSha256: version.artifactSha256,
          supersedes: current ? { deploymentId: current.id, version: current.version } : null,
          note,
        },
      });
      return { ...created!, model: version.modelName, version: version.version, environment: environment.name, approvalExpiresAt: decision.request.approvalExpiresAt! };
    });
  } catch (error) {
    // A refused deployment changed nothing, but an attempt to deploy what is not approved is worth a record.
    if (error instanceof AppError && ['not_approved', 'promotion_revoked', 'promotion_expired'].includes(error.code)) {
      await recordAudit(ctx.db, ctx.actor, {
        action: 'access.denied',
        subject: { type: 'Deployment', id: null },
        data: { action: 'create', reason: `${error.code}: ${target.model} v${target.version} to ${target.environment}` },
        outcome: 'denied',
      });
    }
    throw error;
  }
}
