import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { TDb } from '@/db/client';
// The current scanner's version: scan workers starting during a test must not queue these versions for a rescan.
import { SCANNER_VERSION } from '@/scanners/version';
import {
  datasets,
  datasetScans,
  datasetVersions,
  modelVersions,
  modelVersionTrainingData,
  registeredModels,
  teamMembers,
  teams,
  userRoles,
  users,
} from '@/db/schema';
import type { TActor } from '@/policies/actor';
import type { TRole } from '@/policies/vocabulary';
import { decideAccess, requestAccess } from '@/server/services/access-requests';
import { serviceContext, type TServiceContext } from '@/server/services/context';
import { createWebhook } from '@/server/services/webhooks';
import { getArtifactStore } from '@/server/storage/runtime-store';
import { requestPromotion, reviewPromotion } from '@/server/services/promotions';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A user with roles in one team, stored, and a service context acting as them. */
export async function createPerson(db: TDb, teamId: string, roles: TRole[], name = roles.join('+')): Promise<TServiceContext & { userId: string }> {
  const [user] = await db.insert(users).values({ email: `${name}-${hex(4)}@test.local`, name, passwordHash: 'x' }).returning();
  await db.insert(userRoles).values(roles.map((role) => ({ userId: user!.id, role })));
  await db.insert(teamMembers).values({ teamId, userId: user!.id });
  const actor: TActor = { type: 'user', userId: user!.id, email: user!.email, name, roles, teamIds: [teamId] };
  return { ...serviceContext(db, actor), userId: user!.id };
}

export async function createTeam(db: TDb) {
  const [team] = await db.insert(teams).values({ name: `team-${hex(4)}` }).returning();
  return team!.id;
}

/**
 * A dataset version (classification and latest scan status as given) owned by `ownerId`, and a
 * model version created by `creatorId` trained on it. Rows are written directly: these tests
 * are about governance, not registration or scanning.
 */
export async function createTrainedVersion(
  db: TDb,
  opts: {
    teamId: string;
    creatorId: string;
    ownerId: string;
    classification?: 'public' | 'internal' | 'confidential' | 'restricted';
    scan?: 'completed' | 'running' | 'failed';
    metrics?: Record<string, number>;
    ethicalConsiderations?: string;
    /** Stores these bytes in the runtime artifact store as the dataset version's content (for downloads). */
    content?: string;
  },
) {
  const stored = opts.content === undefined ? null : await (await getArtifactStore()).put(Readable.from([Buffer.from(opts.content)]));
  const [dataset] = await db
    .insert(datasets)
    .values({ teamId: opts.teamId, ownerId: opts.ownerId, name: `data-${hex(4)}`, createdBy: opts.ownerId })
    .returning();
  const [dv] = await db
    .insert(datasetVersions)
    .values({
      datasetId: dataset!.id,
      number: 1,
      fileName: 'data.csv',
      sha256: stored?.sha256 ?? hex(32),
      sizeBytes: stored?.size ?? 10,
      format: 'csv',
      storageKey: stored?.key ?? `k/${hex(8)}`,
      classification: opts.classification ?? 'internal',
      createdBy: opts.ownerId,
    })
    .returning();
  const status = opts.scan ?? 'completed';
  await db.insert(datasetScans).values({ versionId: dv!.id, status, scannerVersion: SCANNER_VERSION, bytesTotal: 10, finishedAt: status === 'running' ? null : new Date() });
  const [model] = await db
    .insert(registeredModels)
    .values({ name: `model-${hex(4)}`, teamId: opts.teamId, ownerId: opts.creatorId, riskTier: 'low', createdBy: opts.creatorId, latestVersion: 1 })
    .returning();
  const [version] = await db
    .insert(modelVersions)
    .values({
      modelId: model!.id,
      version: 1,
      artifactSha256: hex(32),
      artifactSize: 100,
      artifactFormat: 'onnx',
      artifactKey: `a/${randomUUID()}`,
      trainingCode: { repository: 'https://git.example.com/train', commit: hex(20) },
      predictionCode: { repository: 'https://git.example.com/serve', commit: hex(20) },
      dependencies: {},
      parameters: {},
      metrics: opts.metrics ?? { auc: 0.9 },
      modelCard: { intendedUse: 'Tests.', limitations: 'Only tests.', ethicalConsiderations: opts.ethicalConsiderations ?? 'None known.' },
      createdBy: opts.creatorId,
    })
    .returning();
  await db.insert(modelVersionTrainingData).values({ modelVersionId: version!.id, datasetVersionId: dv!.id });
  return { model: model!, version: version!, dataset: dataset!, datasetVersion: dv! };
}

/**
 * Promotion and access records for the authorization table, on one team's demo people: one
 * request per mutation row, so each row's outcome does not depend on another row's.
 */
export async function createGovernanceFixture(
  db: TDb,
  who: { teamId: string; scientist: TServiceContext; engineer: TServiceContext; owner: TServiceContext; officer: TServiceContext },
) {
  const userIdOf = (ctx: TServiceContext) => (ctx.actor as { userId: string }).userId;
  const trained = (classification?: 'restricted', content?: string) =>
    createTrainedVersion(db, { teamId: who.teamId, creatorId: userIdOf(who.scientist), ownerId: userIdOf(who.owner), classification, content });
  const promote = async (environment: string) => {
    const { model } = await trained();
    return { model: model.name, request: await requestPromotion(who.scientist, { name: model.name, version: 1, environment, justification: '' }) };
  };
  const toReview = await promote('production');
  const toWithdraw = await promote('staging');
  const toRevoke = await promote('staging');
  await reviewPromotion(who.engineer, { id: toRevoke.request.id, decision: 'approve', comment: '' });
  const fresh = await trained();
  const restricted = await trained('restricted', `id,ssn\n1,123-45-6789 ${hex(4)}\n`);
  const ask = () => requestAccess(who.scientist, { datasetId: restricted.dataset.id, purpose: 'authorization table', days: 7 });
  // Loopback port 9 (discard): nothing listens, nothing is sent during these tests.
  const hook = async () => (await createWebhook(who.officer, { url: 'http://127.0.0.1:9/hook', events: ['access.revoked'] })).id;
  const grant = async () => (await decideAccess(who.owner, { id: (await ask()).id, decision: 'approve', comment: '' })).grant!.id;
  return {
    pendingPromotionId: toReview.request.id,
    withdrawablePromotionId: toWithdraw.request.id,
    approvedPromotionId: toRevoke.request.id,
    /** A model the scientist created and owns, with no request yet. */
    freshModel: fresh.model.name,
    restrictedVersionId: restricted.datasetVersion.id,
    restrictedVersionNumber: restricted.datasetVersion.number,
    datasetId: restricted.dataset.id,
    pendingAccessIds: { governance_officer: (await ask()).id, data_owner: (await ask()).id },
    grantIds: { governance_officer: await grant(), data_owner: await grant() },
    /** The scientist's grant on the restricted dataset that no table row revokes. */
    liveGrantId: await grant(),
    webhookIds: { governance_officer: await hook(), admin: await hook() },
  };
}
