import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asSubject, defineAbilityFor } from './ability';
import type { TActor } from './actor';
import { ACTIONS, ROLES, SUBJECTS, type TAction, type TRole, type TSubjectName } from './vocabulary';

/**
 * The decision table: role × action × subject. 'all' = any instance; 'own' = only instances
 * tied to the actor (their user, team, token or event); 'none' = never. A new role, action
 * or subject without a row here fails the completeness test below.
 */
type TDecision = 'all' | 'own' | 'none';
const D = (admin: TDecision, gov: TDecision, owner: TDecision, scientist: TDecision, engineer: TDecision, auditor: TDecision) =>
  ({ admin, governance_officer: gov, data_owner: owner, data_scientist: scientist, ml_engineer: engineer, auditor }) satisfies Record<TRole, TDecision>;

const TABLE: Record<TSubjectName, Partial<Record<TAction, Record<TRole, TDecision>>>> = {
  User: {
    read: D('all', 'all', 'own', 'own', 'own', 'all'),
    create: D('all', 'none', 'none', 'none', 'none', 'none'),
    update: D('all', 'none', 'none', 'none', 'none', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  Team: {
    read: D('all', 'all', 'own', 'own', 'own', 'all'),
    create: D('all', 'none', 'none', 'none', 'none', 'none'),
    update: D('all', 'none', 'none', 'none', 'none', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  ApiToken: {
    read: D('all', 'own', 'own', 'own', 'own', 'own'),
    create: D('all', 'own', 'own', 'own', 'own', 'own'),
    update: D('none', 'none', 'none', 'none', 'none', 'none'),
    revoke: D('all', 'own', 'own', 'own', 'own', 'own'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  AuditEvent: {
    read: D('all', 'all', 'own', 'own', 'own', 'all'),
    create: D('none', 'none', 'none', 'none', 'none', 'none'),
    update: D('none', 'none', 'none', 'none', 'none', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('all', 'none', 'none', 'none', 'none', 'all'),
  },
  AuditCheckpoint: {
    read: D('all', 'all', 'none', 'none', 'none', 'all'),
    create: D('all', 'none', 'none', 'none', 'none', 'none'),
    update: D('none', 'none', 'none', 'none', 'none', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  RegisteredModel: {
    read: D('all', 'all', 'own', 'own', 'own', 'all'),
    create: D('none', 'none', 'none', 'own', 'own', 'none'),
    // Metric thresholds: the model's owner only.
    update: D('own', 'own', 'own', 'own', 'own', 'own'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  ModelVersion: {
    read: D('all', 'all', 'own', 'own', 'own', 'all'),
    create: D('none', 'none', 'none', 'own', 'own', 'none'),
    update: D('none', 'none', 'none', 'none', 'none', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('none', 'all', 'none', 'own', 'own', 'all'),
  },
  Dataset: {
    read: D('all', 'all', 'own', 'own', 'own', 'all'),
    create: D('none', 'none', 'own', 'own', 'none', 'none'),
    update: D('none', 'none', 'none', 'none', 'none', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  DatasetVersion: {
    read: D('all', 'all', 'own', 'own', 'own', 'all'),
    create: D('none', 'none', 'own', 'own', 'none', 'none'),
    update: D('none', 'all', 'none', 'none', 'none', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  DatasetScan: {
    read: D('all', 'all', 'own', 'own', 'own', 'all'),
    create: D('none', 'none', 'own', 'own', 'none', 'none'),
    update: D('none', 'none', 'own', 'own', 'none', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  Environment: {
    read: D('all', 'all', 'all', 'all', 'all', 'all'),
    create: D('none', 'none', 'none', 'none', 'none', 'none'),
    update: D('none', 'all', 'none', 'none', 'none', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  PromotionRequest: {
    read: D('all', 'all', 'own', 'own', 'own', 'all'),
    create: D('none', 'none', 'none', 'own', 'own', 'none'),
    // Withdrawing: the requester only.
    update: D('own', 'own', 'own', 'own', 'own', 'own'),
    revoke: D('none', 'all', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  PromotionReview: {
    read: D('all', 'all', 'own', 'own', 'own', 'all'),
    create: D('none', 'all', 'none', 'none', 'own', 'none'),
    update: D('none', 'none', 'none', 'none', 'none', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  AccessRequest: {
    read: D('all', 'all', 'own', 'own', 'own', 'all'),
    create: D('none', 'none', 'none', 'own', 'own', 'none'),
    update: D('none', 'all', 'own', 'none', 'none', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  AccessGrant: {
    read: D('all', 'all', 'own', 'own', 'own', 'all'),
    create: D('none', 'none', 'none', 'none', 'none', 'none'),
    update: D('none', 'none', 'none', 'none', 'none', 'none'),
    revoke: D('none', 'all', 'own', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  Webhook: {
    read: D('all', 'all', 'none', 'none', 'none', 'none'),
    create: D('all', 'all', 'none', 'none', 'none', 'none'),
    update: D('none', 'none', 'none', 'none', 'none', 'none'),
    revoke: D('all', 'all', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  Deployment: {
    read: D('all', 'all', 'own', 'own', 'own', 'all'),
    // Deploying and rolling back: ML engineers, for their teams' models (the service also requires a live approval).
    create: D('none', 'none', 'none', 'none', 'own', 'none'),
    update: D('none', 'none', 'none', 'none', 'none', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  Report: {
    // Everyone follows and downloads the report jobs they started.
    read: D('own', 'own', 'own', 'own', 'own', 'own'),
    // Oversight reports on anything; the teams that build a model report on their own teams' models and datasets.
    create: D('all', 'all', 'none', 'own', 'own', 'all'),
    update: D('none', 'none', 'none', 'none', 'none', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  Prediction: {
    // Stored predictions (inputs and outputs): the model's team, and oversight.
    read: D('all', 'all', 'own', 'own', 'own', 'all'),
    // Calling the serving layer: the teams that build the model.
    create: D('none', 'none', 'none', 'own', 'own', 'none'),
    update: D('none', 'none', 'none', 'none', 'none', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    // CSV / JSON Lines export of a version's predictions (audited): whoever may read them.
    export: D('all', 'all', 'own', 'own', 'own', 'all'),
  },
  Lineage: {
    // A lineage node is read by whoever sees its team; nodes without a team (external) only by all-teams roles.
    read: D('all', 'all', 'own', 'own', 'own', 'all'),
    create: D('none', 'none', 'none', 'none', 'none', 'none'),
    update: D('none', 'none', 'none', 'none', 'none', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  LineageEvent: {
    // Stored OpenLineage events: oversight reads all; an engineer reads the events they sent.
    read: D('all', 'all', 'none', 'none', 'own', 'all'),
    // Ingestion (POST /lineage): the roles that run pipelines or import catalogs, not scientists or data owners.
    create: D('all', 'all', 'none', 'none', 'all', 'none'),
    update: D('none', 'none', 'none', 'none', 'none', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  MonitoringAlert: {
    // Read with the version; raised only by the monitoring job (no one creates one).
    read: D('all', 'all', 'own', 'own', 'own', 'all'),
    create: D('none', 'none', 'none', 'none', 'none', 'none'),
    // Acknowledge and resolve: the model's team's scientists and engineers, and governance officers.
    update: D('none', 'all', 'none', 'own', 'own', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
  MonitoringThreshold: {
    read: D('all', 'all', 'own', 'own', 'own', 'all'),
    create: D('none', 'none', 'none', 'none', 'none', 'none'),
    update: D('none', 'all', 'none', 'own', 'own', 'none'),
    revoke: D('none', 'none', 'none', 'none', 'none', 'none'),
    export: D('none', 'none', 'none', 'none', 'none', 'none'),
  },
};

const ME = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const MY_TEAM = '00000000-0000-4000-8000-00000000000a';
const OTHER_TEAM = '00000000-0000-4000-8000-00000000000b';

/** An instance tied to the actor, and one that is not, for each subject. */
const INSTANCES: Record<TSubjectName, { own: object; other: object }> = {
  User: { own: { id: ME }, other: { id: OTHER } },
  Team: { own: { id: MY_TEAM }, other: { id: OTHER_TEAM } },
  ApiToken: { own: { id: 'a', userId: ME }, other: { id: 'b', userId: OTHER } },
  AuditEvent: { own: { actorId: ME }, other: { actorId: OTHER } },
  AuditCheckpoint: { own: { id: 1 }, other: { id: 2 } },
  RegisteredModel: { own: { id: 'm1', teamId: MY_TEAM, ownerId: ME }, other: { id: 'm2', teamId: OTHER_TEAM, ownerId: OTHER } },
  ModelVersion: { own: { id: 'v1', teamId: MY_TEAM }, other: { id: 'v2', teamId: OTHER_TEAM } },
  Dataset: { own: { id: 'd1', teamId: MY_TEAM, ownerId: ME }, other: { id: 'd2', teamId: OTHER_TEAM, ownerId: OTHER } },
  DatasetVersion: { own: { id: 'dv1', teamId: MY_TEAM, ownerId: ME }, other: { id: 'dv2', teamId: OTHER_TEAM, ownerId: OTHER } },
  DatasetScan: { own: { id: 's1', teamId: MY_TEAM, ownerId: ME }, other: { id: 's2', teamId: OTHER_TEAM, ownerId: OTHER } },
  Environment: { own: { id: 'e1' }, other: { id: 'e2' } },
  PromotionRequest: { own: { id: 'p1', teamId: MY_TEAM, requesterId: ME }, other: { id: 'p2', teamId: OTHER_TEAM, requesterId: OTHER } },
  PromotionReview: { own: { id: 'r1', teamId: MY_TEAM, requesterId: ME }, other: { id: 'r2', teamId: OTHER_TEAM, requesterId: OTHER } },
  AccessRequest: {
    own: { id: 'a1', teamId: MY_TEAM, ownerId: ME, requesterId: ME },
    other: { id: 'a2', teamId: OTHER_TEAM, ownerId: OTHER, requesterId: OTHER },
  },
  AccessGrant: { own: { id: 'g1', teamId: MY_TEAM, ownerId: ME, userId: ME }, other: { id: 'g2', teamId: OTHER_TEAM, ownerId: OTHER, userId: OTHER } },
  Webhook: { own: { id: 'w1', createdBy: ME }, other: { id: 'w2', createdBy: OTHER } },
  Deployment: { own: { id: 'dp1', teamId: MY_TEAM }, other: { id: 'dp2', teamId: OTHER_TEAM } },
  Report: { own: { id: 'rp1', teamId: MY_TEAM, requestedBy: ME }, other: { id: 'rp2', teamId: OTHER_TEAM, requestedBy: OTHER } },
  Prediction: { own: { id: 'pr1', teamId: MY_TEAM }, other: { id: 'pr2', teamId: OTHER_TEAM } },
  Lineage: { own: { id: 'ln1', teamId: MY_TEAM }, other: { id: 'ln2', teamId: OTHER_TEAM } },
  LineageEvent: { own: { id: 'le1', receivedBy: ME, teamId: MY_TEAM }, other: { id: 'le2', receivedBy: OTHER, teamId: OTHER_TEAM } },
  MonitoringAlert: { own: { id: 'ma1', teamId: MY_TEAM }, other: { id: 'ma2', teamId: OTHER_TEAM } },
  MonitoringThreshold: { own: { id: 'mt1', teamId: MY_TEAM }, other: { id: 'mt2', teamId: OTHER_TEAM } },
};

function actorWith(role: TRole): TActor {
  return { type: 'user', userId: ME, email: 'me@test', name: 'Me', roles: [role], teamIds: [MY_TEAM] };
}

test('every role has a decision for every action on every subject', () => {
  const missing = SUBJECTS.flatMap((s) => ACTIONS.flatMap((a) => ROLES.filter((r) => !TABLE[s]?.[a]?.[r]).map((r) => `${r} ${a} ${s}`)));
  assert.deepEqual(missing, [], `no decision for: ${missing.join(', ')}`);
});

for (const kind of SUBJECTS) {
  for (const action of ACTIONS) {
    test(`${action} ${kind}: each role as the table says`, () => {
      for (const role of ROLES) {
        const expected = TABLE[kind][action]![role];
        const ability = defineAbilityFor(actorWith(role));
        const onOwn = ability.can(action, asSubject(kind, INSTANCES[kind].own));
        const onOther = ability.can(action, asSubject(kind, INSTANCES[kind].other));
        const got: TDecision = onOwn && onOther ? 'all' : onOwn ? 'own' : onOther ? ('other?' as TDecision) : 'none';
        assert.equal(got, expected, `${role} ${action} ${kind}`);
      }
    });
  }
}

test('anonymous may do nothing', () => {
  const ability = defineAbilityFor({ type: 'anonymous' });
  for (const kind of SUBJECTS) for (const action of ACTIONS) assert.equal(ability.can(action, kind), false, `${action} ${kind}`);
});

test('a token gets its user’s rules, narrowed to its scopes', () => {
  const base = actorWith('admin') as Extract<TActor, { type: 'user' }>;
  const token: TActor = { ...base, type: 'token', tokenId: 't', scopes: ['audit:read'] };
  const ability = defineAbilityFor(token);
  assert.equal(ability.can('read', 'AuditEvent'), true);
  assert.equal(ability.can('export', 'AuditEvent'), true);
  assert.equal(ability.can('create', 'User'), false, 'admin token without a user scope cannot create users');
  assert.equal(ability.can('read', asSubject('ApiToken', INSTANCES.ApiToken.own)), false, 'no tokens:read scope');
  const scientist: TActor = { ...actorWith('data_scientist'), type: 'token', tokenId: 't', scopes: ['audit:read'] } as TActor;
  const narrowed = defineAbilityFor(scientist);
  assert.equal(narrowed.can('export', 'AuditEvent'), false, 'a scope never adds what the user lacks');
  assert.equal(narrowed.can('read', asSubject('AuditEvent', INSTANCES.AuditEvent.other)), false);
  assert.equal(narrowed.can('read', asSubject('AuditEvent', INSTANCES.AuditEvent.own)), true);
});

test('the system actor may only sign checkpoints and run dataset scans', () => {
  const ability = defineAbilityFor({ type: 'system', job: 'checkpoints' });
  const allowed = SUBJECTS.flatMap((s) => ACTIONS.filter((a) => ability.can(a, s)).map((a) => `${a} ${s}`));
  assert.deepEqual(allowed, ['create AuditCheckpoint', 'read DatasetVersion', 'create DatasetScan', 'update DatasetScan']);
});
