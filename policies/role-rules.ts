import type { AbilityBuilder } from '@casl/ability';
import type { TAppAbility } from './ability';
import type { TRole, TSubjectName } from './vocabulary';

/** What a rule builder knows about the person it builds for. */
export interface TRuleContext {
  userId: string;
  teamIds: string[];
}

type TCan = AbilityBuilder<TAppAbility>['can'];

/** Every signed-in user, whatever their roles: their own account, teams and tokens. */
export function everyUserRules(can: TCan, { userId, teamIds }: TRuleContext) {
  can('read', 'User', { id: userId });
  can('read', 'Team', { id: { $in: teamIds } });
  can('create', 'ApiToken', { userId });
  can('read', 'ApiToken', { userId });
  can('revoke', 'ApiToken', { userId });
  can('read', 'AuditEvent', { actorId: userId });
  can('read', 'Environment');
  // A model's owner sets the metric thresholds its versions must meet to be promoted.
  can('update', 'RegisteredModel', { ownerId: userId });
  // Requesters follow and withdraw their own promotion requests, and see their own access requests and grants.
  can(['read', 'update'], 'PromotionRequest', { requesterId: userId });
  can('read', 'AccessRequest', { requesterId: userId });
  can('read', 'AccessGrant', { userId });
  // Report jobs: whoever asked follows their progress and downloads the result.
  can('read', 'Report', { requestedBy: userId });
}

/** One builder per built-in role. A role missing here gets nothing beyond everyUserRules. */
export const ROLE_RULES: Record<TRole, (can: TCan, ctx: TRuleContext) => void> = {
  admin(can) {
    can('read', MONITORING_SUBJECTS);
    can(['read', 'create', 'update'], 'User');
    can(['read', 'create', 'update'], 'Team');
    can(['read', 'create', 'revoke'], 'ApiToken');
    can(['read', 'export'], 'AuditEvent');
    can(['read', 'create'], 'AuditCheckpoint');
    // Admins see the catalog but do not download model weights (that is a team or oversight need).
    can('read', ['RegisteredModel', 'ModelVersion']);
    can('read', 'Deployment');
    can(['read', 'export'], 'Prediction');
    can('read', DATASET_SUBJECTS);
    can('read', GOVERNANCE_RECORDS);
    can(['read', 'create', 'revoke'], 'Webhook');
    // Reports of anything: the report holds only what its reader may read (admins read every record).
    can('create', 'Report');
    // Lineage of every team, and nodes no team owns (external OpenLineage datasets and jobs).
    can('read', 'Lineage');
    // Admins connect schedulers and catalogs (Airflow, Spark, a Marquez proxy) that send OpenLineage.
    can(['read', 'create'], 'LineageEvent');
  },
  governance_officer(can) {
    // Oversight acknowledges and resolves any team's monitoring alerts and sets thresholds.
    can(['read', 'update'], MONITORING_SUBJECTS);
    can('read', 'User');
    can('read', 'Team');
    can('read', 'AuditEvent');
    can('read', 'AuditCheckpoint');
    can('read', ['RegisteredModel', 'ModelVersion']);
    can('export', 'ModelVersion');
    can('read', 'Deployment');
    can(['read', 'export'], 'Prediction');
    can('read', DATASET_SUBJECTS);
    // Only a governance officer changes a dataset version's classification (the service asks for a reason).
    can('update', 'DatasetVersion');
    can('read', GOVERNANCE_RECORDS);
    can('update', 'Environment');
    can('create', 'PromotionReview');
    can('revoke', 'PromotionRequest');
    can('update', 'AccessRequest');
    can('revoke', 'AccessGrant');
    can(['read', 'create', 'revoke'], 'Webhook');
    can('create', 'Report');
    can('read', 'Lineage');
    // Governance imports lineage from the company's catalogs to see what data reached which model.
    can(['read', 'create'], 'LineageEvent');
  },
  auditor(can) {
    can('read', MONITORING_SUBJECTS);
    can('read', 'User');
    can('read', 'Team');
    can(['read', 'export'], 'AuditEvent');
    can('read', 'AuditCheckpoint');
    can('read', ['RegisteredModel', 'ModelVersion']);
    can('export', 'ModelVersion');
    can('read', 'Deployment');
    can(['read', 'export'], 'Prediction');
    can('read', DATASET_SUBJECTS);
    can('read', GOVERNANCE_RECORDS);
    can('create', 'Report');
    can('read', 'Lineage');
    can('read', 'LineageEvent');
  },
  // Data owners see the models of their teams (what their data trains) but register none.
  data_owner(can, ctx) {
    can('read', MONITORING_SUBJECTS, { teamId: { $in: ctx.teamIds } });
    can('read', ['RegisteredModel', 'ModelVersion', 'Deployment'], { teamId: { $in: ctx.teamIds } });
    teamPredictionRules(can, ctx);
    teamDatasetRules(can, ctx);
    // A data owner also sees the datasets they own in teams they are not part of.
    can('read', DATASET_SUBJECTS, { ownerId: ctx.userId });
    can('read', ['PromotionRequest', 'PromotionReview'], { teamId: { $in: ctx.teamIds } });
    // The owner decides access to their datasets and may revoke what they granted.
    can(['read', 'update'], 'AccessRequest', { ownerId: ctx.userId });
    can(['read', 'revoke'], 'AccessGrant', { ownerId: ctx.userId });
    teamLineageRules(can, ctx);
  },
  data_scientist(can, ctx) {
    teamMonitoringRules(can, ctx);
    teamModelRules(can, ctx);
    teamDatasetRules(can, ctx);
    teamPromotionRules(can, ctx);
    teamServingRules(can, ctx);
    teamPredictionRules(can, ctx);
    teamLineageRules(can, ctx);
  },
  // ML engineers package and register versions for their teams as scientists do; they read the teams' data.
  ml_engineer(can, ctx) {
    teamMonitoringRules(can, ctx);
    teamModelRules(can, ctx);
    can('read', DATASET_SUBJECTS, { teamId: { $in: ctx.teamIds } });
    teamPromotionRules(can, ctx);
    // Engineers review their teams' promotions; the environment's policy decides whether they count.
    can('create', 'PromotionReview', { teamId: { $in: ctx.teamIds } });
    teamServingRules(can, ctx);
    teamPredictionRules(can, ctx);
    // Engineers operate the serving layer: they deploy (and roll back) their teams' approved versions.
    can('create', 'Deployment', { teamId: { $in: ctx.teamIds } });
    teamLineageRules(can, ctx);
    // Engineers run the pipelines that emit OpenLineage (their tokens send it) and read what they sent.
    can('create', 'LineageEvent');
    can('read', 'LineageEvent', { receivedBy: ctx.userId });
  },
};

/**
 * Lineage nodes owned by the actor's teams. Nodes no team owns (teamId null: external datasets and
 * jobs) and other teams' nodes stay hidden: the lineage queries cut them and only count them.
 */
function teamLineageRules(can: TCan, { teamIds }: TRuleContext) {
  can('read', 'Lineage', { teamId: { $in: teamIds } });
}

/** Promotion requests, reviews, access requests and grants: what oversight roles read in full. */
const GOVERNANCE_RECORDS: TSubjectName[] = ['PromotionRequest', 'PromotionReview', 'AccessRequest', 'AccessGrant'];

/** Request promotions of the teams' models and follow them; ask for access to the teams' datasets. */
function teamPromotionRules(can: TCan, { teamIds }: TRuleContext) {
  const inTeam = { teamId: { $in: teamIds } };
  can(['read', 'create'], 'PromotionRequest', inTeam);
  can('read', 'PromotionReview', inTeam);
  can('create', 'AccessRequest', inTeam);
}

const DATASET_SUBJECTS: TSubjectName[] = ['Dataset', 'DatasetVersion', 'DatasetScan'];

/** Register datasets and upload versions for the actor's teams; rescan or cancel their scans. */
function teamDatasetRules(can: TCan, { teamIds }: TRuleContext) {
  const inTeam = { teamId: { $in: teamIds } };
  can(['read', 'create'], ['Dataset', 'DatasetVersion'], inTeam);
  can(['read', 'create', 'update'], 'DatasetScan', inTeam);
}

/** Read and export the stored predictions of the teams' models (inputs may hold the teams' data). */
function teamPredictionRules(can: TCan, { teamIds }: TRuleContext) {
  can(['read', 'export'], 'Prediction', { teamId: { $in: teamIds } });
}

/** See where the teams' models are deployed and call them through the serving layer. */
function teamServingRules(can: TCan, { teamIds }: TRuleContext) {
  const inTeam = { teamId: { $in: teamIds } };
  can('read', 'Deployment', inTeam);
  can('create', 'Prediction', inTeam);
}

/** Read, register and download the models of the actor's own teams. */
function teamModelRules(can: TCan, { teamIds }: TRuleContext) {
  can(['read', 'create'], ['RegisteredModel', 'ModelVersion'], { teamId: { $in: teamIds } });
  can('export', 'ModelVersion', { teamId: { $in: teamIds } });
  // Reports of the teams' models and datasets (model documentation for a review); they contain only what the
  // reader may read, so a team member's report omits other teams' records and the audit chain they cannot see.
  can('create', 'Report', { teamId: { $in: teamIds } });
}

/** Monitoring of a model version: its alerts and its alert thresholds (usage and drift are read with the version). */
const MONITORING_SUBJECTS: TSubjectName[] = ['MonitoringAlert', 'MonitoringThreshold'];

/** The teams' scientists and engineers get the alerts of their models in their inbox, acknowledge, resolve and tune them. */
function teamMonitoringRules(can: TCan, { teamIds }: TRuleContext) {
  can(['read', 'update'], MONITORING_SUBJECTS, { teamId: { $in: teamIds } });
}

/** What background jobs may do, and nothing else. */
export function systemRules(can: TCan) {
  can('create', 'AuditCheckpoint');
  // The scan worker reads the version it scans, records progress and results, and queues rescans.
  can('read', 'DatasetVersion');
  can(['create', 'update'], 'DatasetScan');
}
