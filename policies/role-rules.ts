import type { AbilityBuilder } from '@casl/ability';
import type { TAppAbility } from './ability';
import type { TRole } from './vocabulary';

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
}

/** One builder per built-in role. A role missing here gets nothing beyond everyUserRules. */
export const ROLE_RULES: Record<TRole, (can: TCan, ctx: TRuleContext) => void> = {
  admin(can) {
    can(['read', 'create', 'update'], 'User');
    can(['read', 'create', 'update'], 'Team');
    can(['read', 'create', 'revoke'], 'ApiToken');
    can(['read', 'export'], 'AuditEvent');
    can(['read', 'create'], 'AuditCheckpoint');
  },
  governance_officer(can) {
    can('read', 'User');
    can('read', 'Team');
    can('read', 'AuditEvent');
    can('read', 'AuditCheckpoint');
  },
  auditor(can) {
    can('read', 'User');
    can('read', 'Team');
    can(['read', 'export'], 'AuditEvent');
    can('read', 'AuditCheckpoint');
  },
  data_owner() {},
  data_scientist() {},
  ml_engineer() {},
};

/** What background jobs may do, and nothing else. */
export function systemRules(can: TCan) {
  can('create', 'AuditCheckpoint');
}
