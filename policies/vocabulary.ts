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

export const SUBJECTS = ['User', 'Team', 'ApiToken', 'AuditEvent', 'AuditCheckpoint', 'RegisteredModel', 'ModelVersion', 'Dataset', 'DatasetVersion', 'DatasetScan', 'Environment', 'PromotionRequest', 'PromotionReview', 'AccessRequest', 'AccessGrant', 'Webhook', 'Deployment', 'Prediction', 'Report', 'Lineage', 'MonitoringAlert', 'MonitoringThreshold', 'LineageEvent'] as const;
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
  'deployments:read': 'List deployments per environment and per model version',
  'deployments:write': 'Record deployments and rollbacks of approved model versions (implies deployments:read)',
  'serving:predict': 'Call the serving layer: predictions from the deployed versions of the caller’s teams',
  'lineage:read': 'Query the lineage graph upstream and downstream (only nodes the token’s user may see)',
  'lineage:write': 'Send OpenLineage events (POST /lineage, as Marquez takes them); links them to the registered dataset and model versions the token’s user may read',
  'monitoring:read': 'Read usage, latency, drift and alerts of model versions, and scrape /metrics',
  'predictions:read': 'Query and export (CSV, JSON Lines) the stored predictions of model versions',
  'reports:read': 'Generate and download auditor reports (PDF, JSON, CycloneDX ML-BOM) of what the token’s user may read',
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
  'deployments:read': [
    ['read', 'Deployment'],
    ['read', 'Environment'],
    ['read', 'RegisteredModel'],
    ['read', 'ModelVersion'],
  ],
  // Deploying names a version and an environment, and relies on its approval: the scope reads them.
  'deployments:write': [
    ['create', 'Deployment'],
    ['read', 'Deployment'],
    ['read', 'Environment'],
    ['read', 'PromotionRequest'],
    ['read', 'RegisteredModel'],
    ['read', 'ModelVersion'],
  ],
  // A prediction is asked of a deployment; the prediction itself is created by the serving layer.
  'serving:predict': [
    ['create', 'Prediction'],
    ['read', 'Deployment'],
  ],
  'lineage:read': [['read', 'Lineage']],
  // Linking an event to a registered dataset or model version reads that version.
  'lineage:write': [
    ['create', 'LineageEvent'],
    ['read', 'LineageEvent'],
    ['read', 'Dataset'],
    ['read', 'DatasetVersion'],
    ['read', 'RegisteredModel'],
    ['read', 'ModelVersion'],
  ],
  // A report assembles what its reader may read: the scope opens those reads, never more than the user has.
  'monitoring:read': [
    ['read', 'MonitoringAlert'],
    ['read', 'MonitoringThreshold'],
    ['read', 'RegisteredModel'],
    ['read', 'ModelVersion'],
  ],
  // Predictions are found by model name and version number, so the scope reads those too.
  'predictions:read': [
    ['read', 'Prediction'],
    ['export', 'Prediction'],
    ['read', 'RegisteredModel'],
    ['read', 'ModelVersion'],
  ],
  'reports:read': [
    ['create', 'Report'],
    ['read', 'Report'],
    ['read', 'RegisteredModel'],
    ['read', 'ModelVersion'],
    ['read', 'Dataset'],
    ['read', 'DatasetVersion'],
    ['read', 'DatasetScan'],
    ['read', 'Environment'],
    ['read', 'PromotionRequest'],
    ['read', 'PromotionReview'],
    ['read', 'AccessRequest'],
    ['read', 'AccessGrant'],
    ['read', 'AuditEvent'],
    ['read', 'AuditCheckpoint'],
    ['read', 'Deployment'],
    ['read', 'Lineage'],
  ],
};
