import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { TActor } from '@/policies/actor';
import { ROLES, SCOPE_NAMES, type TRole, type TScope } from '@/policies/vocabulary';
import { AppError } from '@/server/errors';
import { dispatchRest } from '@/server/rest/dispatch';
import { REST_ROUTES } from '@/server/rest/routes';
import { appRouter } from '@/server/routers';
import { serviceContext } from '@/server/services/context';
import { createToken } from '@/server/services/tokens';
import { findLineageNode } from '@/server/services/lineage';
import { readVersion } from '@/server/services/models';
import { buildClassifierModel } from '@/server/onnx/demo-models';
import { openAppDatabase } from './helpers/app-database';
import { uploadForm, versionMetadata } from './helpers/catalog';
import { demoActor } from './helpers/demo-actors';
import { createGovernanceFixture } from './helpers/governance';
import { createCompletedReportJob } from './helpers/reports';
import { createDeployableVersions } from './helpers/serving';
import { insertOpenAlert } from './helpers/monitoring';

/**
 * Every tRPC procedure and every REST route, tried as anonymous, as each role and (REST)
 * with a token that lacks the route's scope. A procedure or route without a row here fails.
 * Outcomes: 'ok' or the machine-readable error code.
 */
type TOutcome = 'ok' | 'unauthenticated' | 'forbidden' | 'not_found' | 'insufficient_scope' | 'conflict' | 'grant_required';
type TWho = 'anonymous' | TRole;
type TFixture = {
  userIds: Record<TRole, string>;
  teamIds: string[];
  tokenIds: Record<TRole, string>;
  restSpareIds: Record<TRole, string>;
  governance: Awaited<ReturnType<typeof createGovernanceFixture>>;
  /** Lineage nodes of a Credit Risk dataset version (seen by every role) and of a Fraud Detection model version. */
  lineage: { creditNodeId: string; fraudNodeId: string };
  /** Credit Risk models whose version 1 is approved for staging: [tRPC, REST] deploy one each. */
  deployable: string[];
  /** A completed JSON report job of the auditor's (Credit Risk's restricted dataset version). */
  reportJobId: string;
};
type TExpect = Record<TWho, TOutcome>;

const only = (...allowed: TRole[]): TExpect =>
  Object.fromEntries([['anonymous', 'unauthenticated'], ...ROLES.map((r) => [r, allowed.includes(r) ? 'ok' : 'forbidden'])]) as TExpect;
const everyone = (): TExpect => only(...ROLES);
const publicRoute = (): TExpect => Object.fromEntries([['anonymous', 'ok'], ...ROLES.map((r) => [r, 'ok'])]) as TExpect;
const unique = () => randomUUID().slice(0, 8);

const PROCEDURES: Record<string, { input?: (fx: TFixture, who: TWho) => unknown; expect: TExpect }> = {
  'me.get': { expect: publicRoute() },
  'users.list': { expect: everyone() },
  'users.get': {
    input: (fx) => ({ id: fx.userIds.admin }),
    // Others see only themselves: another user's row is hidden (404), not forbidden.
    expect: { ...only('admin', 'governance_officer', 'auditor'), data_owner: 'not_found', data_scientist: 'not_found', ml_engineer: 'not_found' },
  },
  'users.create': {
    input: () => ({ email: `u-${unique()}@test.local`, name: 'New', password: 'long-enough-password', roles: [], teamIds: [] }),
    expect: only('admin'),
  },
  'users.update': {
    input: (fx) => ({ id: fx.userIds.data_scientist, name: `Renamed ${unique()}` }),
    expect: { ...only('admin'), data_scientist: 'forbidden', data_owner: 'not_found', ml_engineer: 'not_found' },
  },
  'teams.list': { expect: everyone() },
  'teams.create': { input: () => ({ name: `Team ${unique()}` }), expect: only('admin') },
  'tokens.list': { expect: everyone() },
  'tokens.create': { input: () => ({ name: `t-${unique()}`, scopes: ['audit:read'], expiresInDays: 1 }), expect: everyone() },
  'tokens.revoke': {
    // Each role revokes the data scientist's spare token: only its owner and admins may.
    input: (fx, who) => ({ id: who === 'admin' ? fx.tokenIds.admin : fx.tokenIds.data_scientist }),
    expect: { ...only('admin', 'data_scientist'), governance_officer: 'not_found', data_owner: 'not_found', ml_engineer: 'not_found', auditor: 'not_found' },
  },
  // Everyone may list events: others' are filtered out (see tests/audit-service.test.ts).
  'audit.list': { input: () => ({}), expect: everyone() },
  'audit.verify': { expect: only('admin', 'governance_officer', 'auditor') },
  'audit.checkpoints': { input: () => ({}), expect: only('admin', 'governance_officer', 'auditor') },
  'audit.signCheckpoint': { expect: only('admin') },
  'models.search': { input: () => ({}), expect: everyone() },
  // The Fraud Detection model: hidden (404) from Credit Risk's scientist and data owner.
  'models.get': { input: () => ({ name: FRAUD_MODEL }), expect: { ...everyone(), data_owner: 'not_found', data_scientist: 'not_found' } },
  'models.create': {
    input: (fx) => ({ name: `model-${unique()}`, teamId: fx.teamIds[0], riskTier: 'low' }),
    expect: only('data_scientist', 'ml_engineer'),
  },
  'models.listVersions': { input: () => ({ name: FRAUD_MODEL }), expect: { ...everyone(), data_owner: 'not_found', data_scientist: 'not_found' } },
  'models.getVersion': { input: () => ({ name: FRAUD_MODEL, version: 1 }), expect: { ...everyone(), data_owner: 'not_found', data_scientist: 'not_found' } },
  // Governance records live on a Credit Risk model the data scientist created (fixture.governance).
  'promotions.inbox': { expect: everyone() },
  'promotions.get': { input: (fx) => ({ id: fx.governance.pendingPromotionId }), expect: everyone() },
  'promotions.request': {
    input: (fx, who) => ({ name: fx.governance.freshModel, version: 1, environment: who === 'ml_engineer' ? 'production' : 'staging' }),
    expect: only('data_scientist', 'ml_engineer'),
  },
  // Production needs an officer and an engineer: both reviews are accepted; the requester may not review.
  'promotions.review': { input: (fx) => ({ id: fx.governance.pendingPromotionId, decision: 'approve' }), expect: only('governance_officer', 'ml_engineer') },
  'promotions.withdraw': { input: (fx) => ({ id: fx.governance.withdrawablePromotionId }), expect: only('data_scientist') },
  'promotions.revoke': { input: (fx) => ({ id: fx.governance.approvedPromotionId, reason: 'authorization table' }), expect: only('governance_officer') },
  // The model's owner (its creator, the data scientist) sets thresholds.
  'promotions.setThresholds': {
    input: (fx) => ({ name: fx.governance.freshModel, thresholds: [{ metric: 'auc', comparator: '>=', value: 0.5 }] }),
    expect: only('data_scientist'),
  },
  'promotions.approveException': {
    input: (fx) => ({ datasetVersionId: fx.governance.restrictedVersionId, reason: 'approved for the authorization table' }),
    expect: only('governance_officer'),
  },
  'environments.list': { expect: everyone() },
  'environments.updatePolicy': {
    input: () => ({ environment: 'staging', requiredApprovals: 1, eligibleRoles: ['ml_engineer', 'governance_officer'], requiredChecks: [], approvalValidDays: 90 }),
    expect: only('governance_officer'),
  },
  'access.inbox': { expect: everyone() },
  'access.request': { input: (fx) => ({ datasetId: fx.governance.datasetId, purpose: 'authorization table', days: 7 }), expect: only('data_scientist', 'ml_engineer') },
  // The dataset's owner or a governance officer decides (each its own request); the engineer cannot even see it.
  'access.decide': {
    input: (fx, who) => ({ id: fx.governance.pendingAccessIds[who === 'data_owner' ? 'data_owner' : 'governance_officer'], decision: 'approve' }),
    expect: { ...only('governance_officer', 'data_owner'), ml_engineer: 'not_found' },
  },
  'access.grants': { expect: everyone() },
  'webhooks.list': { expect: only('admin', 'governance_officer') },
  'webhooks.create': { input: () => ({ url: 'http://127.0.0.1:9/hook', events: ['promotion.approved'] }), expect: only('admin', 'governance_officer') },
  'webhooks.disable': {
    input: (fx, who) => ({ id: fx.governance.webhookIds[who === 'admin' ? 'admin' : 'governance_officer'] }),
    // Webhooks are hidden (404) from everyone who may not manage them.
    expect: { ...only('admin', 'governance_officer'), data_owner: 'not_found', data_scientist: 'not_found', ml_engineer: 'not_found', auditor: 'not_found' },
  },
  // Datasets: the governance fixture's restricted dataset in Credit Risk, which every role can see.
  'datasets.list': { input: () => ({}), expect: everyone() },
  'datasets.get': { input: (fx) => ({ id: fx.governance.datasetId }), expect: everyone() },
  'datasets.ownerCandidates': { expect: only('data_owner', 'data_scientist') },
  'datasets.create': {
    input: (fx) => ({ teamId: fx.teamIds[0], ownerId: fx.userIds.data_owner, name: `ds-${unique()}`, description: '' }),
    expect: only('data_owner', 'data_scientist'),
  },
  // Everyone who may read it gets the version; masked samples are withheld without a live grant (tests/content-grants.test.ts).
  'datasets.version': { input: (fx) => ({ versionId: fx.governance.restrictedVersionId }), expect: everyone() },
  'datasets.versionChoices': { expect: everyone() },
  'datasets.changeClassification': {
    input: (fx) => ({ versionId: fx.governance.restrictedVersionId, classification: 'confidential', reason: 'authorization table' }),
    expect: only('governance_officer'),
  },
  // Roles run in ROLES order: the data owner queues a rescan, the scientist then finds one open (409).
  'datasets.rescan': { input: (fx) => ({ versionId: fx.governance.restrictedVersionId }), expect: { ...only('data_owner'), data_scientist: 'conflict' } },
  // …and the data owner cancels it, leaving none open for the scientist (409).
  'datasets.cancelScan': { input: (fx) => ({ versionId: fx.governance.restrictedVersionId }), expect: { ...only('data_owner'), data_scientist: 'conflict' } },
  'access.revokeGrant': {
    input: (fx, who) => ({ id: fx.governance.grantIds[who === 'data_owner' ? 'data_owner' : 'governance_officer'], reason: 'authorization table' }),
    expect: { ...only('governance_officer', 'data_owner'), ml_engineer: 'not_found' },
  },
  // Lineage: a Fraud Detection node is hidden (404) from Credit Risk's scientist and data owner.
  'lineage.node': { input: (fx) => ({ id: fx.lineage.fraudNodeId }), expect: { ...everyone(), data_owner: 'not_found', data_scientist: 'not_found' } },
  'lineage.graph': { input: (fx) => ({ nodeIds: [fx.lineage.creditNodeId], direction: 'both' }), expect: everyone() },
  // Stored predictions of the Fraud Detection model: hidden (404) from Credit Risk's scientist and data owner.
  'predictions.list': { input: () => ({ name: FRAUD_MODEL, version: 1 }), expect: { ...everyone(), data_owner: 'not_found', data_scientist: 'not_found' } },
  // Monitoring: reading follows the version; alerts are acted on by the model's team's scientists and engineers and by officers.
  'monitoring.version': { input: () => ({ name: FRAUD_MODEL, version: 1 }), expect: { ...everyone(), data_owner: 'not_found', data_scientist: 'not_found' } },
  'monitoring.overview': { expect: everyone() },
  'monitoring.alerts': { input: () => ({}), expect: everyone() },
  'monitoring.inbox': { expect: only('governance_officer', 'data_scientist', 'ml_engineer') },
  // Each allowed role acknowledges, then resolves, its own open alert on a Credit Risk version (every role sees it).
  'monitoring.acknowledge': { input: (_fx, who) => ({ id: monitoringAlertIdFor(who) }), expect: only('governance_officer', 'data_scientist', 'ml_engineer') },
  'monitoring.resolve': { input: (_fx, who) => ({ id: monitoringAlertIdFor(who), resolution: 'authorization table' }), expect: only('governance_officer', 'data_scientist', 'ml_engineer') },
  'monitoring.setThresholds': { input: () => ({ name: CREDIT_MODEL, version: 1, psi: 0.25, ks: 0.3, p99LatencyMs: 100 }), expect: only('governance_officer', 'data_scientist', 'ml_engineer') },
  // Deployments: every role lists them (filtered by team); ML engineers deploy their teams' approved versions.
  'deployments.forVersion': { input: () => ({ name: CREDIT_MODEL, version: 3 }), expect: everyone() },
  'deployments.forEnvironment': { input: () => ({ env: 'production' }), expect: everyone() },
  'deployments.create': { input: (fx) => ({ name: fx.deployable[0], version: 1, environment: 'staging' }), expect: only('ml_engineer') },
  // Reports: oversight on anything, the team's scientists and engineers on their team's (Credit Risk's dataset version here);
  // data owners read the data but make no reports. A report job is seen only by whoever asked for it (the auditor).
  'reports.subjects': { input: () => ({}), expect: only('admin', 'governance_officer', 'data_scientist', 'ml_engineer', 'auditor') },
  'reports.plan': {
    input: (fx) => ({ subjectType: 'DatasetVersion', subjectId: fx.governance.restrictedVersionId }),
    expect: only('admin', 'governance_officer', 'data_scientist', 'ml_engineer', 'auditor'),
  },
  'reports.start': {
    input: (fx) => ({ subjectType: 'DatasetVersion', subjectId: fx.governance.restrictedVersionId, format: 'json' }),
    expect: only('admin', 'governance_officer', 'data_scientist', 'ml_engineer', 'auditor'),
  },
  'reports.jobs': { expect: everyone() },
  'reports.job': {
    input: (fx) => ({ id: fx.reportJobId }),
    expect: { ...only('auditor'), admin: 'not_found', governance_officer: 'not_found', data_owner: 'not_found', data_scientist: 'not_found', ml_engineer: 'not_found' },
  },
};

const FRAUD_MODEL = 'fraud-loss-estimator';
const CREDIT_MODEL = 'credit-default-classifier';

const ROUTES: Record<
  string,
  { path?: (fx: TFixture, who: TWho) => string; body?: (fx: TFixture) => unknown; form?: () => FormData; expect: TExpect }
> = {
  'GET /health': { expect: publicRoute() },
  'GET /openapi.json': { expect: publicRoute() },
  'GET /me': { expect: everyone() },
  'GET /tokens': { expect: everyone() },
  'POST /tokens/{id}/revoke': {
    // Each role revokes a spare token of its own (tokens.revoke above covers someone else's).
    path: (fx, who) => `/tokens/${who === 'anonymous' ? fx.restSpareIds.admin : fx.restSpareIds[who]}/revoke`,
    body: () => ({ reason: 'test' }),
    expect: everyone(),
  },
  'GET /users': { expect: everyone() },
  'GET /audit/events': { expect: everyone() },
  'GET /audit/export': { expect: only('admin', 'auditor') },
  'GET /audit/checkpoints': { expect: only('admin', 'governance_officer', 'auditor') },
  'GET /audit/keys': { expect: publicRoute() },
  'POST /users': {
    body: () => ({ email: `r-${unique()}@test.local`, name: 'Via API', password: 'long-enough-password', roles: ['auditor'], teamIds: [] }),
    expect: only('admin'),
  },
  'POST /models': {
    body: (fx) => ({ name: `rest-model-${unique()}`, teamId: fx.teamIds[0], riskTier: 'low' }),
    expect: only('data_scientist', 'ml_engineer'),
  },
  'GET /models': { expect: everyone() },
  'GET /models/{name}': { path: () => `/models/${FRAUD_MODEL}`, expect: { ...everyone(), data_owner: 'not_found', data_scientist: 'not_found' } },
  'GET /models/{name}/versions': { path: () => `/models/${FRAUD_MODEL}/versions`, expect: { ...everyone(), data_owner: 'not_found', data_scientist: 'not_found' } },
  'GET /models/{name}/versions/{version}': {
    path: () => `/models/${FRAUD_MODEL}/versions/1`,
    expect: { ...everyone(), data_owner: 'not_found', data_scientist: 'not_found' },
  },
  // Downloading is export: oversight and the team, not admins.
  'GET /models/{name}/versions/{version}/artifact': {
    path: () => `/models/${FRAUD_MODEL}/versions/1/artifact`,
    expect: { ...only('governance_officer', 'ml_engineer', 'auditor'), data_owner: 'not_found', data_scientist: 'not_found' },
  },
  // Credit Risk's model: its data owner reads it but may not register versions.
  'POST /models/{name}/versions': {
    path: () => `/models/${CREDIT_MODEL}/versions`,
    form: () => uploadForm(versionMetadata(), buildClassifierModel(1 + Number.parseInt(unique(), 16))),
    expect: only('data_scientist', 'ml_engineer'),
  },
  // Credit Risk's version: visible to every role; with no request the status is `none`.
  'GET /models/{name}/versions/{version}/approvals/{env}': { path: () => `/models/${CREDIT_MODEL}/versions/1/approvals/production`, expect: everyone() },
  'GET /environments/{env}/approved': { path: () => '/environments/production/approved', expect: everyone() },
  'GET /attestations/jwks': { expect: publicRoute() },
  'GET /datasets': { expect: everyone() },
  'POST /datasets': {
    body: (fx) => ({ teamId: fx.teamIds[0], ownerId: fx.userIds.data_owner, name: `rest-ds-${unique()}`, description: '' }),
    expect: only('data_owner', 'data_scientist'),
  },
  'GET /datasets/{id}': { path: (fx) => `/datasets/${fx.governance.datasetId}`, expect: everyone() },
  'POST /datasets/{id}/versions': { path: (fx) => `/datasets/${fx.governance.datasetId}/versions`, form: () => datasetUploadForm(), expect: only('data_owner', 'data_scientist') },
  // Restricted content: the dataset's owner, governance officers and the scientist holding a live grant; others who may read the version need a grant.
  'GET /datasets/{id}/versions/{version}/content': {
    path: (fx) => `/datasets/${fx.governance.datasetId}/versions/${fx.governance.restrictedVersionNumber}/content`,
    expect: { ...only('governance_officer', 'data_owner', 'data_scientist'), admin: 'grant_required', ml_engineer: 'grant_required', auditor: 'grant_required' },
  },
  'GET /dataset-versions/{versionId}': { path: (fx) => `/dataset-versions/${fx.governance.restrictedVersionId}`, expect: everyone() },
  'GET /dataset-versions/{versionId}/scan': { path: (fx) => `/dataset-versions/${fx.governance.restrictedVersionId}/scan`, expect: everyone() },
  'GET /dataset-versions/{versionId}/findings': { path: (fx) => `/dataset-versions/${fx.governance.restrictedVersionId}/findings`, expect: everyone() },
  // As for tRPC: the data owner queues a rescan (the scientist then gets 409) and cancels it (409 again).
  'POST /dataset-versions/{versionId}/scan': { path: (fx) => `/dataset-versions/${fx.governance.restrictedVersionId}/scan`, expect: { ...only('data_owner'), data_scientist: 'conflict' } },
  'POST /dataset-versions/{versionId}/scan/cancel': { path: (fx) => `/dataset-versions/${fx.governance.restrictedVersionId}/scan/cancel`, expect: { ...only('data_owner'), data_scientist: 'conflict' } },
  'POST /dataset-versions/{versionId}/classification': {
    path: (fx) => `/dataset-versions/${fx.governance.restrictedVersionId}/classification`,
    body: () => ({ classification: 'internal', reason: 'authorization table via REST' }),
    expect: only('governance_officer'),
  },
  'GET /lineage/graph': {
    path: (fx) => `/lineage/graph?nodes=${fx.lineage.fraudNodeId}&direction=upstream&depth=3`,
    expect: { ...everyone(), data_owner: 'not_found', data_scientist: 'not_found' },
  },
  'GET /lineage/nodes': { path: (fx) => `/lineage/nodes?kind=dataset_version&subjectId=${fx.governance.restrictedVersionId}`, expect: everyone() },
  'GET /lineage/nodes/{id}': { path: (fx) => `/lineage/nodes/${fx.lineage.fraudNodeId}`, expect: { ...everyone(), data_owner: 'not_found', data_scientist: 'not_found' } },
  // OpenLineage ingestion: the roles that run pipelines or import catalogs (a fresh run each call, so none is a repeat).
  'POST /lineage': {
    body: () => ({
      eventType: 'START',
      eventTime: new Date().toISOString(),
      run: { runId: randomUUID() },
      job: { namespace: 'authorization-table', name: 'nightly-extract' },
      producer: 'https://example.com/authorization-test',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    }),
    expect: only('admin', 'governance_officer', 'ml_engineer'),
  },
  'GET /models/{name}/versions/{version}/predictions': {
    path: () => `/models/${FRAUD_MODEL}/versions/1/predictions?limit=5`,
    expect: { ...everyone(), data_owner: 'not_found', data_scientist: 'not_found' },
  },
  'GET /models/{name}/versions/{version}/predictions/export': {
    path: () => `/models/${FRAUD_MODEL}/versions/1/predictions/export?format=csv&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z`,
    expect: { ...everyone(), data_owner: 'not_found', data_scientist: 'not_found' },
  },
  'GET /metrics': { expect: everyone() },
  'GET /models/{name}/versions/{version}/monitoring': {
    path: () => `/models/${FRAUD_MODEL}/versions/1/monitoring`,
    expect: { ...everyone(), data_owner: 'not_found', data_scientist: 'not_found' },
  },
  'GET /monitoring/alerts': { expect: everyone() },
  'POST /models/{name}/versions/{version}/deployments': {
    path: (fx) => `/models/${fx.deployable[1]}/versions/1/deployments`,
    body: () => ({ environment: 'staging', note: 'authorization table' }),
    expect: only('ml_engineer'),
  },
  'GET /environments/{env}/deployments': { path: () => '/environments/production/deployments', expect: everyone() },
  // The demo deploys the Credit Risk classifier v3 to production: its team's scientists and engineers call it.
  'POST /serve/{env}/models/{name}/predict': {
    path: () => `/serve/production/models/${CREDIT_MODEL}/predict`,
    body: () => ({ inputs: { features: [[0.5, 1, 2, 0.25]] } }),
    expect: only('data_scientist', 'ml_engineer'),
  },
  'POST /serve/{env}/models/{name}/versions/{version}/predict': {
    path: () => `/serve/production/models/${CREDIT_MODEL}/versions/3/predict`,
    body: () => ({ records: [{ features: [0.5, 1, 2, 0.25] }] }),
    expect: only('data_scientist', 'ml_engineer'),
  },
  // Reports (as for tRPC above): the demo Credit Risk model's version 1 and the restricted Credit Risk dataset version.
  'GET /models/{name}/versions/{version}/report': {
    path: () => `/models/${CREDIT_MODEL}/versions/1/report`,
    expect: only('admin', 'governance_officer', 'data_scientist', 'ml_engineer', 'auditor'),
  },
  'GET /dataset-versions/{versionId}/report': {
    path: (fx) => `/dataset-versions/${fx.governance.restrictedVersionId}/report`,
    expect: only('admin', 'governance_officer', 'data_scientist', 'ml_engineer', 'auditor'),
  },
  'POST /reports/jobs': {
    body: (fx) => ({ subjectType: 'DatasetVersion', subjectId: fx.governance.restrictedVersionId, format: 'json' }),
    expect: only('admin', 'governance_officer', 'data_scientist', 'ml_engineer', 'auditor'),
  },
  'GET /reports/jobs': { expect: everyone() },
  'GET /reports/jobs/{id}': {
    path: (fx) => `/reports/jobs/${fx.reportJobId}`,
    expect: { ...only('auditor'), admin: 'not_found', governance_officer: 'not_found', data_owner: 'not_found', data_scientist: 'not_found', ml_engineer: 'not_found' },
  },
  'GET /reports/jobs/{id}/download': {
    path: (fx) => `/reports/jobs/${fx.reportJobId}/download`,
    expect: { ...only('auditor'), admin: 'not_found', governance_officer: 'not_found', data_owner: 'not_found', data_scientist: 'not_found', ml_engineer: 'not_found' },
  },
};

/** A small CSV upload in the multipart form the REST API takes (metadata first). */
function datasetUploadForm(): FormData {
  const form = new FormData();
  form.append('metadata', JSON.stringify({ fileName: 'rows.csv' }));
  form.append('artifact', new Blob([`id,email\n1,row-${unique()}@example.com\n`]), 'rows.csv');
  return form;
}

/** Open alerts on Credit Risk's versions 1–3, one per role allowed to act on them; the others try the officer's. */
const monitoringAlertIds: Partial<Record<TWho, string>> = {};
const monitoringAlertIdFor = (who: TWho) => monitoringAlertIds[who] ?? monitoringAlertIds.governance_officer!;
let database: Awaited<ReturnType<typeof openAppDatabase>>;
let fixture: TFixture;
const actors = {} as Record<TRole, TActor>;
const fullTokens = {} as Record<TRole, string>;
let scopelessToken: Record<string, string>;

before(async () => {
  database = await openAppDatabase();
  const { db } = database;
  for (const role of ROLES) actors[role] = await demoActor(db, role);
  const tokenIds = {} as Record<TRole, string>;
  const restSpareIds = {} as Record<TRole, string>;
  for (const role of ROLES) {
    const ctx = serviceContext(db, actors[role]);
    const full = await createToken(ctx, { name: 'all scopes', scopes: SCOPE_NAMES, expiresInDays: 1 });
    fullTokens[role] = full.secret;
    tokenIds[role] = (await createToken(ctx, { name: 'spare', scopes: ['audit:read'], expiresInDays: 1 })).id;
    restSpareIds[role] = (await createToken(ctx, { name: 'rest spare', scopes: ['audit:read'], expiresInDays: 1 })).id;
  }
  // For each scope, an admin token holding every scope but that one.
  const adminCtx = serviceContext(db, actors.admin);
  scopelessToken = {};
  for (const scope of SCOPE_NAMES) {
    const others = SCOPE_NAMES.filter((s) => s !== scope);
    if (others.length === 0) continue;
    scopelessToken[scope] = (await createToken(adminCtx, { name: `no ${scope}`, scopes: others as [TScope, ...TScope[]], expiresInDays: 1 })).secret;
  }
  fixture = {
    userIds: Object.fromEntries(ROLES.map((r) => [r, (actors[r] as { userId: string }).userId])) as Record<TRole, string>,
    teamIds: (actors.data_scientist as { teamIds: string[] }).teamIds,
    tokenIds,
    restSpareIds,
    governance: await createGovernanceFixture(db, {
      teamId: (actors.data_scientist as { teamIds: string[] }).teamIds[0]!,
      scientist: serviceContext(db, actors.data_scientist),
      engineer: serviceContext(db, actors.ml_engineer),
      owner: serviceContext(db, actors.data_owner),
      officer: serviceContext(db, actors.governance_officer),
    }),
    lineage: { creditNodeId: '', fraudNodeId: '' },
    deployable: await createDeployableVersions(db, {
      teamId: (actors.data_scientist as { teamIds: string[] }).teamIds[0]!,
      scientist: serviceContext(db, actors.data_scientist),
      engineer: serviceContext(db, actors.ml_engineer),
      owner: serviceContext(db, actors.data_owner),
    }, 2),
    reportJobId: '',
  };
  const auditor = serviceContext(db, actors.auditor);
  fixture.reportJobId = await createCompletedReportJob(auditor, { subjectType: 'DatasetVersion', subjectId: fixture.governance.restrictedVersionId });
  const fraudVersion = await readVersion(auditor, { name: FRAUD_MODEL, version: 1 });
  fixture.lineage.fraudNodeId = (await findLineageNode(auditor, { kind: 'model_version', subjectId: fraudVersion.id })).id;
  fixture.lineage.creditNodeId = (await findLineageNode(auditor, { kind: 'dataset_version', subjectId: fixture.governance.restrictedVersionId })).id;
  for (const [i, role] of (['governance_officer', 'data_scientist', 'ml_engineer'] as const).entries()) {
    monitoringAlertIds[role] = await insertOpenAlert(db, CREDIT_MODEL, i + 1);
  }
});
after(() => database?.cleanup());

function outcomeOf(error: unknown): string {
  const cause = error instanceof TRPCError ? error.cause : error;
  if (cause instanceof AppError) return cause.code;
  throw error;
}

test('every tRPC procedure and REST route has a row', () => {
  const procedures = Object.keys(appRouter._def.procedures);
  assert.deepEqual(procedures.filter((p) => !PROCEDURES[p]), [], 'procedures without a row');
  assert.deepEqual(Object.keys(PROCEDURES).filter((p) => !procedures.includes(p)), [], 'rows for procedures that do not exist');
  const routes = REST_ROUTES.map((r) => `${r.method} ${r.path}`);
  assert.deepEqual(routes.filter((r) => !ROUTES[r]), [], 'routes without a row');
  assert.deepEqual(Object.keys(ROUTES).filter((r) => !routes.includes(r)), [], 'rows for routes that do not exist');
});

test('tRPC procedures: anonymous and each role', async () => {
  const failures: string[] = [];
  for (const [path, row] of Object.entries(PROCEDURES)) {
    for (const who of ['anonymous', ...ROLES] as TWho[]) {
      const actor: TActor = who === 'anonymous' ? { type: 'anonymous' } : actors[who];
      const caller = appRouter.createCaller(serviceContext(database.db, actor));
      const procedure = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (i: unknown) => Promise<unknown>;
      let got: string;
      try {
        await procedure(row.input?.(fixture, who));
        got = 'ok';
      } catch (error) {
        got = outcomeOf(error);
      }
      if (got !== row.expect[who]) failures.push(`${path} as ${who}: expected ${row.expect[who]}, got ${got}`);
    }
  }
  assert.deepEqual(failures, []);
});

async function callRest(route: (typeof REST_ROUTES)[number], path: string, token: string | null, body: unknown) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  // A FormData body (uploads) sets its own multipart content type.
  if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json';
  const payload = body === undefined || body instanceof FormData ? body : JSON.stringify(body);
  const req = new Request(`http://test/api/v1${path}`, { method: route.method, headers, body: payload });
  const res = await dispatchRest(req, path.split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent));
  if (res.ok) return 'ok';
  return ((await res.json()) as { error: { code: string } }).error.code;
}

test('REST routes: no token, each role’s token, and a token without the scope', async () => {
  const failures: string[] = [];
  for (const route of REST_ROUTES) {
    const row = ROUTES[`${route.method} ${route.path}`]!;
    for (const who of ['anonymous', ...ROLES] as TWho[]) {
      const path = row.path?.(fixture, who) ?? route.path;
      const got = await callRest(route, path, who === 'anonymous' ? null : fullTokens[who], row.form?.() ?? row.body?.(fixture));
      if (got !== row.expect[who]) failures.push(`${route.method} ${route.path} as ${who}: expected ${row.expect[who]}, got ${got}`);
    }
    if (route.scope && scopelessToken[route.scope]) {
      const path = row.path?.(fixture, 'admin') ?? route.path;
      const got = await callRest(route, path, scopelessToken[route.scope]!, row.form?.() ?? row.body?.(fixture));
      if (got !== 'insufficient_scope') failures.push(`${route.method} ${route.path} without ${route.scope}: got ${got}`);
    }
  }
  assert.deepEqual(failures, []);
});
