// Step one of a model version's report: gather every fact into a TModelVersionReport, read with the
// reader's permissions. The caller (server/services/reports) has already authorized the report itself.
import { createHash } from 'node:crypto';
import { aliasedTable, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import {
  deployments,
  environments,
  modelVersions,
  monitoringAlerts,
  modelVersionTrainingData,
  promotionRequests,
  promotionReviews,
  registeredModels,
  teams,
  users,
} from '@/db/schema';
import { asSubject } from '@/policies/ability';
import { canonicalJson, type TJson } from '@/server/audit/canonical-json';
import { evaluateVersion, monitoringSettings, thresholdsOf } from '@/server/monitoring/evaluate';
import type { TServiceContext } from '@/server/services/context';
import { collectAudit, collectDatasetVersion, collectLineage, reportHeader } from './collect-common';
import type {
  TAttestationView,
  TDeploymentView,
  TModelVersionReport,
  TPredictionVolume,
  TPromotionView,
  TTensorView,
} from './types';

export type TCollectProgress = (stage: string, fraction: number) => void | Promise<void>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const person = (u: { id: string | null; name: string | null; email: string | null }) => (u.id ? { id: u.id, name: u.name ?? '', email: u.email ?? '' } : null);

export async function collectModelVersionReport(
  ctx: TServiceContext,
  modelVersionId: string,
  onProgress: TCollectProgress = () => {},
): Promise<TModelVersionReport> {
  const { db, ability } = ctx;
  const owner = aliasedTable(users, 'owner');
  const creator = aliasedTable(users, 'creator');
  const [row] = await db
    .select({
      v: modelVersions,
      m: registeredModels,
      team: teams.name,
      ownerId: owner.id,
      ownerName: owner.name,
      ownerEmail: owner.email,
      creatorId: creator.id,
      creatorName: creator.name,
      creatorEmail: creator.email,
    })
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .innerJoin(teams, eq(teams.id, registeredModels.teamId))
    .innerJoin(owner, eq(owner.id, registeredModels.ownerId))
    .innerJoin(creator, eq(creator.id, modelVersions.createdBy))
    .where(eq(modelVersions.id, modelVersionId));
  if (!row) throw new Error(`model version ${modelVersionId} not found`);
  const { v, m } = row;
  const label = `${m.name} v${v.version}`;
  const header = reportHeader(ctx, 'model-version-report', `Lineage report: ${label}`, {
    type: 'ModelVersion',
    id: v.id,
    label,
    teamId: m.teamId,
    teamName: row.team,
  });
  await onProgress('model version', 0.05);

  // Training data, each with its scan, classification history and the grants that covered its use.
  const trainingIds = (
    await db
      .select({ id: modelVersionTrainingData.datasetVersionId })
      .from(modelVersionTrainingData)
      .where(eq(modelVersionTrainingData.modelVersionId, v.id))
  ).map((r) => r.id);
  const trainingData = [];
  for (const id of trainingIds) trainingData.push(await collectDatasetVersion(ctx, id, v.createdAt));
  await onProgress('training data', 0.15);

  // Promotions, their reviews (the approvers) and attestations.
  const requester = aliasedTable(users, 'requester');
  const requests = await db
    .select({ r: promotionRequests, environment: environments.name, requester: requester.name })
    .from(promotionRequests)
    .innerJoin(environments, eq(environments.id, promotionRequests.environmentId))
    .innerJoin(requester, eq(requester.id, promotionRequests.requesterId))
    .where(eq(promotionRequests.modelVersionId, v.id))
    .orderBy(asc(promotionRequests.createdAt));
  const visibleRequests = requests.filter(({ r }) => ability.can('read', asSubject('PromotionRequest', { id: r.id, teamId: m.teamId, requesterId: r.requesterId })));
  const reviewer = aliasedTable(users, 'reviewer');
  const reviews = visibleRequests.length
    ? await db
        .select({ rv: promotionReviews, name: reviewer.name, email: reviewer.email })
        .from(promotionReviews)
        .innerJoin(reviewer, eq(reviewer.id, promotionReviews.reviewerId))
        .where(inArray(promotionReviews.requestId, visibleRequests.map(({ r }) => r.id)))
        .orderBy(asc(promotionReviews.decidedAt))
    : [];
  const revoker = new Map(
    (
      await Promise.all(
        visibleRequests
          .filter(({ r }) => r.revokedBy)
          .map(async ({ r }) => (await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, r.revokedBy!)))[0]),
      )
    )
      .filter((u) => u !== undefined)
      .map((u) => [u.id, u.name]),
  );
  const promotions: TPromotionView[] = visibleRequests.map(({ r, environment, requester: requesterName }) => {
    const mine = reviews.filter((x) => x.rv.requestId === r.id);
    const timeline: TPromotionView['timeline'] = [
      { at: r.createdAt.toISOString(), who: requesterName, what: `requested promotion to ${environment} under policy version ${r.policyVersion}` },
      ...mine.map((x) => ({
        at: x.rv.decidedAt.toISOString(),
        who: x.name,
        what: `${x.rv.decision === 'approve' ? 'approved' : 'rejected'} as ${x.rv.roles.join(', ')}${x.rv.comment ? `: ${x.rv.comment}` : ''}`,
      })),
    ];
    if (r.decidedAt) timeline.push({ at: r.decidedAt.toISOString(), who: null, what: `became ${r.state === 'revoked' ? 'approved' : r.state}` });
    if (r.revokedAt) timeline.push({ at: r.revokedAt.toISOString(), who: revoker.get(r.revokedBy ?? '') ?? null, what: `revoked: ${r.revokeReason ?? ''}` });
    timeline.sort((a, b) => a.at.localeCompare(b.at));
    return {
      id: r.id,
      environment,
      state: r.state,
      requester: requesterName,
      justification: r.justification,
      policyVersion: r.policyVersion,
      boundTo: { artifactSha256: r.artifactSha256, trainingCodeHash: r.trainingCodeHash, predictionCodeHash: r.predictionCodeHash },
      checks: r.checks,
      reasons: r.reasons,
      reviews: mine.map((x) => ({ reviewer: `${x.name} <${x.email}>`, roles: x.rv.roles, decision: x.rv.decision, comment: x.rv.comment, at: x.rv.decidedAt.toISOString() })),
      timeline,
      createdAt: r.createdAt.toISOString(),
      decidedAt: iso(r.decidedAt),
      approvalExpiresAt: iso(r.approvalExpiresAt),
      revokedAt: iso(r.revokedAt),
      revokeReason: r.revokeReason,
    };
  });
  const attestations: TAttestationView[] = visibleRequests.flatMap(({ r, environment }) => {
    if (!r.attestation) return [];
    const envelope = r.attestation;
    let statement: { subject?: { name: string; digest: { sha256: string } }[]; predicateType?: string; predicate?: { approvers?: { name: string; email: string }[]; expiresAt?: string } } = {};
    try {
      statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
    } catch {
      // An unreadable payload is shown as such: no subject, no approvers.
    }
    return [
      {
        promotionId: r.id,
        environment,
        payloadType: envelope.payloadType,
        keyIds: envelope.signatures.map((s) => s.keyid),
        envelopeSha256: createHash('sha256').update(canonicalJson(envelope as unknown as TJson)).digest('hex'),
        subject: (statement.subject ?? []).map((s) => ({ name: s.name, sha256: s.digest.sha256 })),
        predicateType: statement.predicateType ?? null,
        approvers: (statement.predicate?.approvers ?? []).map((a) => `${a.name} <${a.email}>`),
        expiresAt: statement.predicate?.expiresAt ?? null,
      },
    ];
  });
  await onProgress('promotions', 0.25);

  const lineage = await collectLineage(ctx, 'model_version', v.id);
  await onProgress('lineage', 0.45);

  const deploymentSection = await collectDeployments(ctx, v.id, m.teamId);
  const predictionSection = await collectPredictionVolume(ctx, v.id, m.teamId);
  await onProgress('deployments and predictions', 0.55);

  const visibleTraining = trainingData.filter((d): d is Exclude<typeof d, { hidden: true }> => !('hidden' in d));
  const audit = await collectAudit(ctx, [
    { type: 'ModelVersion', ids: [v.id] },
    { type: 'RegisteredModel', ids: [m.id] },
    { type: 'PromotionRequest', ids: visibleRequests.map(({ r }) => r.id) },
    { type: 'DatasetVersion', ids: visibleTraining.map((d) => d.id) },
    { type: 'Dataset', ids: [...new Set(visibleTraining.map((d) => d.datasetId))] },
    { type: 'AccessGrant', ids: visibleTraining.flatMap((d) => d.grants.map((g) => g.id)) },
    { type: 'Deployment', ids: deploymentSection.items.map((d) => d.id) },
  ]);
  await onProgress('audit trail', 0.7);

  return {
    ...header,
    facts: {
      modelId: m.id,
      model: m.name,
      version: v.version,
      team: row.team,
      description: m.description,
      tags: m.tags,
      riskTier: m.riskTier,
      owner: person({ id: row.ownerId, name: row.ownerName, email: row.ownerEmail }),
      artifact: { sha256: v.artifactSha256, size: v.artifactSize, format: v.artifactFormat },
      trainingCode: v.trainingCode,
      predictionCode: v.predictionCode,
      dependencies: v.dependencies,
      lockfileSha256: v.lockfileSha256,
      parameters: v.parameters,
      metrics: v.metrics,
      signature: v.signature
        ? { inputs: v.signature.inputs.map(tensorView), outputs: v.signature.outputs.map(tensorView) }
        : null,
      createdBy: person({ id: row.creatorId, name: row.creatorName, email: row.creatorEmail }),
      createdAt: v.createdAt.toISOString(),
    },
    modelCard: { ...v.modelCard },
    trainingData,
    promotions,
    promotionsNote: visibleRequests.length < requests.length ? `${requests.length - visibleRequests.length} promotion request(s) are not visible to you.` : null,
    attestations,
    lineage,
    deployments: deploymentSection,
    predictions: predictionSection,
    drift: await collectDrift(ctx, v.id),
    audit,
  };
}

/** The drift of the current window against the version's reference profile, thresholds and alerts (read only: builds no profile). */
async function collectDrift(ctx: TServiceContext, modelVersionId: string): Promise<TModelVersionReport['drift']> {
  try {
    const now = new Date();
    const evaluation = await evaluateVersion(ctx.db, modelVersionId, now, monitoringSettings(), { buildProfile: false });
    if (!evaluation.profileSource) return { visible: true, note: 'No drift monitoring recorded: the version has no reference profile yet.', summary: null };
    const thresholds = await thresholdsOf(ctx.db, modelVersionId);
    const alerts = await ctx.db.select().from(monitoringAlerts).where(eq(monitoringAlerts.modelVersionId, modelVersionId)).orderBy(desc(monitoringAlerts.openedAt)).limit(50);
    const status = (d: { psi: number; ks: number | null }) =>
      !evaluation.driftJudged ? 'not judged (too few rows)' : d.psi >= thresholds.psi || (d.ks !== null && d.ks >= thresholds.ks) ? 'DRIFT' : 'ok';
    return {
      visible: true,
      note: evaluation.drift.length ? null : 'No predictions in the current window.',
      summary: {
        computedAt: now.toISOString(),
        profileSource: evaluation.profileSource,
        window: { start: evaluation.windowStart.toISOString(), end: evaluation.windowEnd.toISOString(), rows: evaluation.windowRows, judged: evaluation.driftJudged },
        thresholds: { psi: thresholds.psi, ks: thresholds.ks, custom: thresholds.custom },
        features: evaluation.drift.map((d) => ({ feature: d.feature, psi: d.psi, ks: d.ks, status: status(d) })),
        alerts: alerts.map((a) => ({ kind: a.kind, state: a.state, summary: a.summary, openedAt: a.openedAt.toISOString(), resolvedAt: iso(a.resolvedAt) })),
      },
    };
  } catch (error) {
    console.error('[reports] drift summary unavailable', error);
    return { visible: true, note: 'Drift monitoring is not available on this installation.', summary: null };
  }
}

function tensorView(t: { name: string; type: string; shape: (number | string | null)[] | null }): TTensorView {
  return { name: t.name, type: t.type, shape: t.shape };
}

async function collectDeployments(ctx: TServiceContext, modelVersionId: string, teamId: string): Promise<TModelVersionReport['deployments']> {
  if (!ctx.ability.can('read', asSubject('Deployment', { id: modelVersionId, teamId }))) {
    return { visible: false, note: 'Deployments of this model are not visible to you.', items: [] };
  }
  const deployer = aliasedTable(users, 'deployer');
  let rows;
  try {
    rows = await ctx.db
      .select({ d: deployments, environment: environments.name, by: deployer.name })
      .from(deployments)
      .innerJoin(environments, eq(environments.id, deployments.environmentId))
      .innerJoin(deployer, eq(deployer.id, deployments.deployedBy))
      .where(eq(deployments.modelVersionId, modelVersionId))
      .orderBy(asc(deployments.createdAt));
  } catch {
    return { visible: true, note: 'Deployments are not recorded on this installation.', items: [] };
  }
  const items: TDeploymentView[] = rows.map(({ d, environment, by }) => ({
    id: d.id,
    environment,
    kind: d.kind,
    deployedBy: by,
    createdAt: d.createdAt.toISOString(),
    supersededAt: iso(d.supersededAt),
    note: d.note,
  }));
  return { visible: true, note: items.length ? null : 'No deployments recorded.', items };
}

/** Counts and latency percentiles only: a report never carries prediction inputs or outputs. */
async function collectPredictionVolume(ctx: TServiceContext, modelVersionId: string, teamId: string): Promise<TModelVersionReport['predictions']> {
  if (!ctx.ability.can('read', asSubject('Deployment', { id: modelVersionId, teamId }))) {
    return { visible: false, note: 'Prediction volume of this model is not visible to you.', volume: null };
  }
  try {
    const [totals] = rowsOf<{ total: number; first_at: string | Date | null; last_at: string | Date | null; p50: number | null; p95: number | null }>(
      await ctx.db.execute(sql`
        select count(*)::int as total, min(created_at) as first_at, max(created_at) as last_at,
          percentile_cont(0.5) within group (order by latency_ms) as p50,
          percentile_cont(0.95) within group (order by latency_ms) as p95
        from predictions where model_version_id = ${modelVersionId}::uuid`),
    );
    if (!totals || Number(totals.total) === 0) return { visible: true, note: 'No predictions recorded.', volume: null };
    const byDay = rowsOf<{ day: string; count: number }>(
      await ctx.db.execute(sql`
        select to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD') as day, count(*)::int as count
        from predictions where model_version_id = ${modelVersionId}::uuid group by 1 order by 1`),
    );
    const byEnvironment = rowsOf<{ environment: string; count: number }>(
      await ctx.db.execute(sql`
        select e.name as environment, count(*)::int as count
        from predictions p join environments e on e.id = p.environment_id
        where p.model_version_id = ${modelVersionId}::uuid group by e.name order by e.name`),
    );
    const asIso = (t: string | Date | null) => (t === null ? null : new Date(t).toISOString());
    const volume: TPredictionVolume = {
      total: Number(totals.total),
      byDay: byDay.map((d) => ({ day: d.day, count: Number(d.count) })),
      byEnvironment: byEnvironment.map((d) => ({ environment: d.environment, count: Number(d.count) })),
      firstAt: asIso(totals.first_at),
      lastAt: asIso(totals.last_at),
      latencyP50Ms: totals.p50 === null ? null : Number(totals.p50),
      latencyP95Ms: totals.p95 === null ? null : Number(totals.p95),
    };
    return { visible: true, note: null, volume };
  } catch {
    return { visible: true, note: 'Predictions are not recorded on this installation.', volume: null };
  }
}

