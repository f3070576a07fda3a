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
}

/** One builder per built-in role. A role missing here gets nothing beyond everyUserRules. */
export const ROLE_RULES: Record<TRole, (can: TCan, ctx: TRuleContext) => void> = {
  admin(can) {
    can(['read', 'create', 'update'], 'User');
    can(['read', 'create', 'update'], 'Team');
    can(['read', 'create', 'revoke'], 'ApiToken');
    can(['read', 'export'], 'AuditEvent');
    can(['read', 'create'], 'AuditCheckpoint');
    // Admins see the catalog but do not download model weights (that is a team or oversight need).
    can('read', ['RegisteredModel', 'ModelVersion']);
    can('read', DATASET_SUBJECTS);
    can('read', GOVERNANCE_RECORDS);
    can(['read', 'create', 'revoke'], 'Webhook');
  },
  governance_officer(can) {
    can('read', 'User');
    can('read', 'Team');
    can('read', 'AuditEvent');
    can('read', 'AuditCheckpoint');
    can('read', ['RegisteredModel', 'ModelVersion']);
    can('export', 'ModelVersion');
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
  },
  auditor(can) {
    can('read', 'User');
    can('read', 'Team');
    can(['read', 'export'], 'AuditEvent');
    can('read', 'AuditCheckpoint');
    can('read', ['RegisteredModel', 'ModelVersion']);
    can('export', 'ModelVersion');
    can('read', DATASET_SUBJECTS);
    can('read', GOVERNANCE_RECORDS);
  },
  // Data owners see the models of their teams (what their data trains) but register none.
  data_owner(can, ctx) {
    can('read', ['RegisteredModel', 'ModelVersion'], { teamId: { $in: ctx.teamIds } });
    teamDatasetRules(can, ctx);
    // A data owner also sees the datasets they own in teams they are not part of.
    can('read', DATASET_SUBJECTS, { ownerId: ctx.userId });
    can('read', ['PromotionRequest', 'PromotionReview'], { teamId: { $in: ctx.teamIds } });
    // The owner decides access to their datasets and may revoke what they granted.
    can(['read', 'update'], 'AccessRequest', { ownerId: ctx.userId });
    can(['read', 'revoke'], 'AccessGrant', { ownerId: ctx.userId });
  },
  data_scientist(can, ctx) {
    teamModelRules(can, ctx);
    teamDatasetRules(can, ctx);
    teamPromotionRules(can, ctx);
  },
  // ML engineers package and register versions for their teams as scientists do; they read the teams' data.
  ml_engineer(can, ctx) {
    teamModelRules(can, ctx);
    can('read', DATASET_SUBJECTS, { teamId: { $in: ctx.teamIds } });
    teamPromotionRules(can, ctx);
    // Engineers review their teams' promotions; the environment's policy decides whether they count.
    can('create', 'PromotionReview', { teamId: { $in: ctx.teamIds } });
  },
};

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

/** Read, register and download the models of the actor's own teams. */
function teamModelRules(can: TCan, { teamIds }: TRuleContext) {
  can(['read', 'create'], ['RegisteredModel', 'ModelVersion'], { teamId: { $in: teamIds } });
  can('export', 'ModelVersion', { teamId: { $in: teamIds } });
}

/** What background jobs may do, and nothing else. */
export function systemRules(can: TCan) {
  can('create', 'AuditCheckpoint');
  // The scan worker reads the version it scans, records progress and results, and queues rescans.
  can('read', 'DatasetVersion');
  can(['create', 'update'], 'DatasetScan');
}
