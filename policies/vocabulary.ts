// The closed vocabulary of who may do what. Adding a role, action or subject here makes
// policies/decisions.test.ts fail until every role has a decision for it.

export const ROLES = [
  'admin',
  'governance_officer',
  'data_owner',
  'data_scientist',
  'ml_engineer',
  'auditor',
] as const;
export type TRole = (typeof ROLES)[number];

export const ROLE_LABELS: Record<TRole, string> = {
  admin: 'Admin',
  governance_officer: 'Governance officer',
  data_owner: 'Data owner',
  data_scientist: 'Data scientist',
  ml_engineer: 'ML engineer',
  auditor: 'Auditor',
};

export const ACTIONS = ['read', 'create', 'update', 'revoke', 'export'] as const;
export type TAction = (typeof ACTIONS)[number];

export const SUBJECTS = ['User', 'Team', 'ApiToken', 'AuditEvent', 'AuditCheckpoint', 'RegisteredModel', 'ModelVersion', 'Dataset', 'DatasetVersion', 'DatasetScan', 'Environment', 'PromotionRequest', 'PromotionReview', 'AccessRequest', 'AccessGrant', 'Webhook'] as const;
export type TSubjectName = (typeof SUBJECTS)[number];

/** Token scopes: what a machine token may do on top of what its user may do. */
export const SCOPES = {
  'audit:read': 'Read and export the audit trail',
  'tokens:read': 'List the owner’s API tokens',
  'tokens:write': 'Revoke the owner’s API tokens',
  'users:read': 'List users and teams',
  'users:write': 'Create users (admins)',
  'models:read': 'Search the model catalog, read models and versions, download artifacts',
  'models:write': 'Register models and model versions (implies models:read on them)',
  'datasets:read': 'List datasets, read versions, scan status and findings',
  'datasets:write': 'Create datasets, upload versions, rescan or cancel scans (implies datasets:read)',
  'approvals:read': 'Read promotion approval status, approved versions per environment and environment policies',
} as const satisfies Record<string, string>;
export type TScope = keyof typeof SCOPES;
export const SCOPE_NAMES = Object.keys(SCOPES) as TScope[];

/** Which (action, subject) pairs each scope opens to a token. */
export const SCOPE_GRANTS: Record<TScope, ReadonlyArray<readonly [TAction, TSubjectName]>> = {
  'audit:read': [
    ['read', 'AuditEvent'],
    ['export', 'AuditEvent'],
    ['read', 'AuditCheckpoint'],
  ],
  'tokens:read': [['read', 'ApiToken']],
  'tokens:write': [['revoke', 'ApiToken']],
  'users:read': [
    ['read', 'User'],
    ['read', 'Team'],
  ],
  'users:write': [
    ['create', 'User'],
    ['read', 'User'],
    ['read', 'Team'],
  ],
  'models:read': [
    ['read', 'RegisteredModel'],
    ['read', 'ModelVersion'],
    ['export', 'ModelVersion'],
  ],
  'models:write': [
    ['create', 'RegisteredModel'],
    ['create', 'ModelVersion'],
    ['read', 'RegisteredModel'],
    ['read', 'ModelVersion'],
  ],
  'datasets:read': [
    ['read', 'Dataset'],
    ['read', 'DatasetVersion'],
    ['read', 'DatasetScan'],
  ],
  'datasets:write': [
    ['read', 'Dataset'],
    ['read', 'DatasetVersion'],
    ['read', 'DatasetScan'],
    ['create', 'Dataset'],
    ['create', 'DatasetVersion'],
    ['update', 'DatasetVersion'],
    ['create', 'DatasetScan'],
    ['update', 'DatasetScan'],
  ],
  // Status checks name the model version, so the scope reads versions too.
  'approvals:read': [
    ['read', 'Environment'],
    ['read', 'PromotionRequest'],
    ['read', 'RegisteredModel'],
    ['read', 'ModelVersion'],
  ],
};
