import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { TDb } from '@/db/client';
import { deployments, environmentPolicies, environments, promotionRequests } from '@/db/schema';
import type { TPredictionRecord } from '@/server/serving/prediction-recorder';
import { createPerson, createTeam, createTrainedVersion } from './governance';

/**
 * A team with a data scientist, a model version of theirs and a deployment of it to staging.
 * The promotion and deployment rows are written directly: these tests are about stored
 * predictions, not about the gate in front of them.
 */
export async function createDeployedVersion(db: TDb, teamId?: string) {
  const team = teamId ?? (await createTeam(db));
  const scientist = await createPerson(db, team, ['data_scientist']);
  const { model, version } = await createTrainedVersion(db, { teamId: team, creatorId: scientist.userId, ownerId: scientist.userId });
  const [environment] = await db.select().from(environments).where(eq(environments.name, 'staging'));
  const [policy] = await db.select().from(environmentPolicies).where(eq(environmentPolicies.environmentId, environment!.id));
  const [promotion] = await db
    .insert(promotionRequests)
    .values({
      modelVersionId: version.id,
      environmentId: environment!.id,
      state: 'approved',
      requesterId: scientist.userId,
      artifactSha256: version.artifactSha256,
      trainingCodeHash: 'x',
      predictionCodeHash: 'x',
      policyId: policy!.id,
      policyVersion: policy!.version,
      expiresAt: new Date(Date.now() + 86_400_000),
      decidedAt: new Date(),
      approvalExpiresAt: new Date(Date.now() + 86_400_000),
    })
    .returning();
  const [deployment] = await db
    .insert(deployments)
    .values({
      modelId: model.id,
      modelVersionId: version.id,
      environmentId: environment!.id,
      promotionRequestId: promotion!.id,
      kind: 'deploy',
      deployedBy: scientist.userId,
    })
    .returning();
  return { teamId: team, scientist, model, version, environmentId: environment!.id, deployment: deployment! };
}

/** A prediction of this deployment at `createdAt`, with a recognisable input. */
export function predictionOf(
  deployed: { version: { id: string }; deployment: { id: string }; environmentId: string; scientist: { userId: string } },
  createdAt: Date,
  input: unknown = { x: [[1, 2]] },
  output: unknown = { y: [[0.5]] },
): TPredictionRecord {
  return {
    requestId: randomUUID(),
    modelVersionId: deployed.version.id,
    deploymentId: deployed.deployment.id,
    environmentId: deployed.environmentId,
    callerUserId: deployed.scientist.userId,
    callerTokenId: null,
    input,
    output,
    latencyMs: 1.25,
    createdAt,
  };
}
