import type { TJson } from './canonical-json';

/**
 * The closed list of audit event names, each with the shape of its data. A state change
 * without an entry here cannot be recorded, so it cannot be written (see transact()).
 */
export interface TAuditEventData {
  'auth.signed_in': { method: 'password' };
  'auth.sign_in_failed': { email: string; reason: 'unknown_user' | 'wrong_password' | 'disabled' };
  'user.created': { email: string; name: string; roles: string[]; teamIds: string[] };
  'user.updated': { before: Record<string, TJson>; after: Record<string, TJson> };
  'team.created': { name: string };
  'token.created': { name: string; userId: string; scopes: string[]; expiresAt: string };
  'token.revoked': { name: string; reason: string | null };
  'token.rejected': { reason: 'unknown' | 'expired' | 'revoked' | 'malformed' | 'user_disabled'; prefix: string | null };
  'audit.exported': { fromSeq: number; toSeq: number; count: number; checkpointId: number };
  'access.denied': { action: string; reason: string };
  'signing_key.created': { purpose: 'audit' | 'attestation'; keyId: string; replaces: string | null };
  'model.created': { name: string; teamId: string; ownerId: string; riskTier: string; tags: string[] };
  'model_version.created': {
    model: string;
    modelId: string;
    version: number;
    artifact: { sha256: string; size: number; format: string };
    trainingCode: { [key: string]: string };
    predictionCode: { [key: string]: string };
    lockfileSha256: string | null;
    /** The dataset versions it was trained on (lineage edges written with it). */
    trainingData?: string[];
  };
  'dataset.created': { name: string; teamId: string; ownerId: string; description: string };
  'dataset_version.created': { datasetId: string; dataset: string; number: number; fileName: string; sha256: string; size: number; format: string };
  'dataset_version.downloaded': { datasetId: string; number: number; sha256: string; classification: string | null; via: string };
  'dataset_version.classified': { from: string | null; to: string; reason: string; by: 'scan' | 'governance_officer'; scanId: string | null };
  'dataset_scan.queued': { versionId: string; scannerVersion: string; cause: 'upload' | 'rescan' | 'scanner_upgrade' };
  'dataset_scan.started': { versionId: string; attempt: number };
  'dataset_scan.completed': { versionId: string; findings: number; rowCount: number | null; classification: string };
  'dataset_scan.failed': { versionId: string; code: string; message: string; attempt: number; willRetry: boolean };
  'dataset_scan.cancelled': { versionId: string };
  'environment.policy_changed': {
    environment: string;
    fromVersion: number;
    toVersion: number;
    policy: { requiredApprovals: number; eligibleRoles: string[]; minimumFromRole: { role: string; count: number }[]; requiredChecks: string[]; approvalValidDays: number };
  };
  'model.thresholds_set': { model: string; thresholds: { metric: string; comparator: string; value: number }[] };
  'dataset_version.exception_approved': { datasetVersionId: string; reason: string };
  'promotion.requested': { model: string; version: number; environment: string; policyVersion: number; artifactSha256: string };
  'promotion.reviewed': { decision: 'approve' | 'reject'; roles: string[]; comment: string };
  'promotion.reevaluated': { fromPolicyVersion: number; toPolicyVersion: number; state: string };
  'promotion.approved': { policyVersion: number; approverIds: string[]; approvalExpiresAt: string; attestationKeyIds: string[] };
  'promotion.rejected': { policyVersion: number; reasons: string[] };
  'promotion.expired': { expiresAt: string };
  'promotion.withdrawn': { reason: string };
  'promotion.revoked': { reason: string };
  'access.requested': { datasetId: string; purpose: string; requestedDays: number };
  'access.approved': { datasetId: string; grantId: string; userId: string; expiresAt: string; reason: string };
  'access.rejected': { datasetId: string; reason: string };
  'access.grant_revoked': { datasetId: string; userId: string; reason: string };
  'webhook.created': { url: string; events: string[] };
  'webhook.disabled': { url: string };
  /** An accepted OpenLineage event (ids only; the event itself is in openlineage_events). */
  'lineage.event_ingested': {
    kind: 'RunEvent' | 'DatasetEvent' | 'JobEvent';
    runId: string | null;
    eventType: string | null;
    eventTime: string;
    sha256: string;
    normalisations: number;
    links: { kind: string; id: string }[];
  };
  /** Who exported which model version's predictions over which time range, in which format. */
  'predictions.exported': { model: string; version: number; modelVersionId: string; from: string; to: string; format: 'csv' | 'jsonl' };
  /** Retention dropped one day's partition of stored predictions (system actor). */
  'predictions.partition_dropped': { partition: string; from: string; to: string; rows: number; retentionDays: number };
  'monitoring.profile_built': { source: 'dataset' | 'predictions'; datasetVersionId: string | null; rowCount: number; features: string[] };
  'monitoring.alert_raised': { modelVersionId: string; kind: 'drift' | 'latency'; summary: string; breaches: { feature: string | null; metric: string; value: number; threshold: number }[] };
  'monitoring.alert_acknowledged': { modelVersionId: string; kind: string; comment: string };
  'monitoring.alert_resolved': { modelVersionId: string; kind: string; from: string; resolution: string };
  'monitoring.thresholds_set': { modelVersionId: string; before: { psi: number; ks: number; p99LatencyMs: number }; after: { psi: number; ks: number; p99LatencyMs: number } };
  'deployment.created': {
    model: string;
    version: number;
    environment: string;
    kind: 'deploy' | 'rollback';
    promotionRequestId: string;
    artifactSha256: string;
    supersedes: { deploymentId: string; version: number } | null;
    note: string;
  };
  /** A report left Modelgate: what it covers, its format, and the SHA-256 and size of the exact bytes served. */
  'report.generated': {
    subject: { type: string; id: string; label: string };
    format: 'pdf' | 'json' | 'mlbom';
    sha256: string;
    size: number;
    generatorVersion: string;
    jobId: string | null;
  };
  'report.queued': { subject: { type: string; id: string; label: string }; format: 'pdf' | 'json' | 'mlbom'; lineageNodes: number };
  'report.failed': { subject: { type: string; id: string }; format: string; jobId: string; code: string; message: string };
}
export type TAuditAction = keyof TAuditEventData;

export const AUDIT_ACTIONS = [
  'auth.signed_in',
  'auth.sign_in_failed',
  'user.created',
  'user.updated',
  'team.created',
  'token.created',
  'token.revoked',
  'token.rejected',
  'audit.exported',
  'access.denied',
  'signing_key.created',
  'model.created',
  'model_version.created',
  'dataset.created',
  'dataset_version.created',
  'dataset_version.classified',
  'dataset_version.downloaded',
  'dataset_scan.queued',
  'dataset_scan.started',
  'dataset_scan.completed',
  'dataset_scan.failed',
  'dataset_scan.cancelled',
  'environment.policy_changed',
  'model.thresholds_set',
  'dataset_version.exception_approved',
  'promotion.requested',
  'promotion.reviewed',
  'promotion.reevaluated',
  'promotion.approved',
  'promotion.rejected',
  'promotion.expired',
  'promotion.withdrawn',
  'promotion.revoked',
  'access.requested',
  'access.approved',
  'access.rejected',
  'access.grant_revoked',
  'webhook.created',
  'webhook.disabled',
  'lineage.event_ingested',
  'predictions.exported',
  'predictions.partition_dropped',
  'monitoring.profile_built',
  'monitoring.alert_raised',
  'monitoring.alert_acknowledged',
  'monitoring.alert_resolved',
  'monitoring.thresholds_set',
  'deployment.created',
  'report.queued',
  'report.generated',
  'report.failed',
] as const satisfies readonly TAuditAction[];

/** What a service hands to the audit helper; seq, time and hashes are added on append. */
export type TAuditInput = {
  [A in TAuditAction]: {
    action: A;
    subject: { type: string; id: string | null };
    data: TAuditEventData[A];
    outcome?: 'success' | 'denied' | 'failure';
  };
}[TAuditAction];

/** A stored event body, as parsed from its canonical JSON (see bodyTemplate in append.ts). */
export type TAuditRecord = {
  [A in TAuditAction]: {
    v: number;
    seq: number;
    at: string;
    actor: { type: string; id: string | null; label: string };
    action: A;
    subject: { type: string; id: string | null };
    outcome: 'success' | 'denied' | 'failure';
    data: TAuditEventData[A];
  };
}[TAuditAction];

// Compile-time check that AUDIT_ACTIONS lists every event name.
const listsEveryAction: [Exclude<TAuditAction, (typeof AUDIT_ACTIONS)[number]>] extends [never] ? true : false = true;
void listsEveryAction;
