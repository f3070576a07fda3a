import { aliasedTable, and, desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { abilityWhere } from '@/db/queries/ability-where';
import { deployments, environments, modelVersions, promotionRequests, registeredModels, users } from '@/db/schema';
import { authorize, type TServiceContext } from '../context';
import { servingRefusal } from './deployability';
import { findEnvironment, findVersion } from './find-target';

const deployers = aliasedTable(users, 'deployers');

/** Deployments with names, who deployed, and the approval each relies on. */
function selectDeployments(db: TDbOrTx) {
  return db
    .select({
      id: deployments.id,
      model: registeredModels.name,
      teamId: registeredModels.teamId,
      version: modelVersions.version,
      modelVersionId: deployments.modelVersionId,
      artifactSha256: modelVersions.artifactSha256,
      environment: environments.name,
      environmentId: deployments.environmentId,
      kind: deployments.kind,
      note: deployments.note,
      deployedByEmail: deployers.email,
      deployedByName: deployers.name,
      viaToken: deployments.tokenId,
      createdAt: deployments.createdAt,
      supersededAt: deployments.supersededAt,
      promotionRequestId: deployments.promotionRequestId,
      approvalState: promotionRequests.state,
      approvalExpiresAt: promotionRequests.approvalExpiresAt,
      revokeReason: promotionRequests.revokeReason,
      approvedArtifactSha256: promotionRequests.artifactSha256,
    })
    .from(deployments)
    .innerJoin(registeredModels, eq(registeredModels.id, deployments.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, deployments.modelVersionId))
    .innerJoin(environments, eq(environments.id, deployments.environmentId))
    .innerJoin(deployers, eq(deployers.id, deployments.deployedBy))
    .innerJoin(promotionRequests, eq(promotionRequests.id, deployments.promotionRequestId));
}
type TDeploymentRow = Awaited<ReturnType<ReturnType<typeof selectDeployments>['execute']>>[number];

/** A row as shown: `current` (not superseded) and whether it is served now, or why not. */
function toView(row: TDeploymentRow, now: number) {
  const { approvalState, approvalExpiresAt, revokeReason, approvedArtifactSha256, viaToken, ...rest } = row;
  const refusal = servingRefusal(
    { state: approvalState, approvalExpiresAt, revokeReason, artifactSha256: approvedArtifactSha256 },
    { model: row.model, version: row.version, environment: row.environment, artifactSha256: row.artifactSha256 },
    now,
  );
  const current = row.supersededAt === null;
  return {
    ...rest,
    viaToken: viaToken !== null,
    current,
    approvalExpiresAt,
    /** `serving` when current with a live approval; `superseded`; or the refusal code the serving layer answers. */
    status: !current ? 'superseded' : (refusal?.code ?? 'serving'),
    statusMessage: current ? (refusal?.message ?? null) : null,
  };
}
export type TDeploymentView = ReturnType<typeof toView>;

const visible = (ctx: TServiceContext, extra: SQL) =>
  and(extra, abilityWhere(ctx.ability, 'read', 'Deployment', { id: deployments.id, teamId: registeredModels.teamId }));

/** What runs in an environment (the current deployment of each model), or its whole history, newest first. */
export async function listEnvironmentDeployments(ctx: TServiceContext, input: { env: string; history?: boolean }) {
  const environment = await findEnvironment(ctx.db, input.env);
  await authorize(ctx, 'read', 'Environment', { id: environment.id });
  const where = input.history ? eq(deployments.environmentId, environment.id) : and(eq(deployments.environmentId, environment.id), isNull(deployments.supersededAt))!;
  const rows = await selectDeployments(ctx.db).where(visible(ctx, where)).orderBy(desc(deployments.createdAt)).limit(500);
  const now = Date.now();
  return rows.map((r) => toView(r, now));
}

/** Every deployment of one version, in every environment, newest first (the version page). */
export async function listVersionDeployments(ctx: TServiceContext, input: { name: string; version: number }) {
  const version = await findVersion(ctx, input);
  const rows = await selectDeployments(ctx.db)
    .where(visible(ctx, eq(deployments.modelVersionId, version.id)))
    .orderBy(desc(deployments.createdAt))
    .limit(200);
  const now = Date.now();
  return rows.map((r) => toView(r, now));
}
