// The report object: every fact a report shows, gathered by a collect-*.ts step and laid out by a
// render step (render-pdf.ts, the JSON form, mlbom.ts). Plain JSON only (ISO strings for times),
// so the same object is the JSON report, the PDF's input and a job's intermediate result.
import type { TCheckpoint } from '@/server/audit/checkpoints';

export const REPORT_FORMAT_VERSION = 1;

/** A section the reader may not see in full says so instead of silently showing less. */
export type TSectionNote = { visible: boolean; note: string | null };

export type TPerson = { id: string; name: string; email: string } | null;

export type TCodeRefView = { repository: string; commit: string } | { contentSha256: string };

export interface TReportHeader {
  formatVersion: typeof REPORT_FORMAT_VERSION;
  kind: 'model-version-report' | 'dataset-version-report';
  title: string;
  generatedAt: string;
  generator: { name: 'modelgate'; version: string };
  /** Who asked: the report holds what they may read, no more. */
  generatedFor: { label: string; roles: string[] };
  subject: { type: 'ModelVersion' | 'DatasetVersion'; id: string; label: string; teamId: string; teamName: string };
}

export interface TModelFacts {
  modelId: string;
  model: string;
  version: number;
  team: string;
  description: string;
  tags: string[];
  riskTier: string;
  owner: TPerson;
  artifact: { sha256: string; size: number; format: string };
  trainingCode: TCodeRefView;
  predictionCode: TCodeRefView;
  dependencies: Record<string, string>;
  lockfileSha256: string | null;
  parameters: Record<string, string | number | boolean>;
  metrics: Record<string, number>;
  signature: { inputs: TTensorView[]; outputs: TTensorView[] } | null;
  createdBy: TPerson;
  createdAt: string;
}

export type TTensorView = { name: string; type: string; shape: (number | string | null)[] | null };

export interface TModelCardView {
  intendedUse: string;
  limitations: string;
  ethicalConsiderations: string;
}

export interface TFindingView {
  location: string;
  entityType: string;
  count: number;
  confidence: number;
  detector: string;
}

export interface TClassificationChange {
  at: string;
  from: string | null;
  to: string;
  reason: string;
  by: string;
}

export interface TGrantView {
  id: string;
  user: string;
  purpose: string;
  decidedBy: string | null;
  startsAt: string;
  expiresAt: string;
  revokedAt: string | null;
  /** Whether this grant was live when the model version was registered (its training data use). */
  coveredTraining: boolean | null;
}

export interface TDatasetVersionView {
  id: string;
  datasetId: string;
  dataset: string;
  team: string;
  owner: string;
  number: number;
  fileName: string;
  sha256: string;
  size: number;
  format: string;
  rowCount: number | null;
  classification: string | null;
  createdAt: string;
  scan: {
    status: string;
    scannerVersion: string;
    finishedAt: string | null;
    errorCode: string | null;
    findings: TFindingView[];
  } | null;
  classificationHistory: TClassificationChange[];
  grants: TGrantView[];
  grantsNote: string | null;
  restrictedException: { reason: string; approvedBy: string; approvedAt: string } | null;
}

/** A training dataset version the reader may not see: its existence is a fact, its name is not theirs to read. */
export interface THiddenDatasetVersion {
  hidden: true;
  id: string;
}

export interface TPromotionView {
  id: string;
  environment: string;
  state: string;
  requester: string;
  justification: string;
  policyVersion: number;
  boundTo: { artifactSha256: string; trainingCodeHash: string; predictionCodeHash: string };
  checks: { name: string; passed: boolean; explanation: string }[];
  reasons: string[];
  reviews: { reviewer: string; roles: string[]; decision: string; comment: string; at: string }[];
  timeline: { at: string; who: string | null; what: string }[];
  createdAt: string;
  decidedAt: string | null;
  approvalExpiresAt: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
}

export interface TAttestationView {
  promotionId: string;
  environment: string;
  payloadType: string;
  keyIds: string[];
  /** SHA-256 of the envelope's canonical JSON: what an auditor compares against their copy. */
  envelopeSha256: string;
  subject: { name: string; sha256: string }[];
  predicateType: string | null;
  approvers: string[];
  expiresAt: string | null;
}

export type TLineageNodeKindView =
  | 'dataset_version'
  | 'training_run'
  | 'model_version'
  | 'deployment'
  | 'prediction_batch'
  | 'external_dataset'
  | 'external_job'
  | 'external_run'
  | 'hidden';

export interface TLineageNodeView {
  id: string;
  kind: TLineageNodeKindView;
  label: string;
  /** Negative upstream, 0 the report's subject, positive downstream. */
  depth: number;
}

export interface TLineageView extends TSectionNote {
  nodes: TLineageNodeView[];
  edges: { from: string; to: string; relation: string }[];
  /** The walk stopped here (depth or node limit). */
  truncated: boolean;
}

export interface TDeploymentView {
  id: string;
  environment: string;
  kind: string;
  deployedBy: string;
  createdAt: string;
  supersededAt: string | null;
  note: string;
}

export interface TPredictionVolume {
  total: number;
  byDay: { day: string; count: number }[];
  byEnvironment: { environment: string; count: number }[];
  firstAt: string | null;
  lastAt: string | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

export interface TDriftSummary {
  computedAt: string | null;
  /** Where the reference came from: the training dataset version, or the first predictions. */
  profileSource: string;
  window: { start: string; end: string; rows: number; judged: boolean };
  thresholds: { psi: number; ks: number; custom: boolean };
  features: { feature: string; psi: number; ks: number | null; status: string }[];
  alerts: { kind: string; state: string; summary: string; openedAt: string; resolvedAt: string | null }[];
}

export interface TAuditEventLine {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  outcome: string;
  chainHash: string;
}

export interface TAuditSection extends TSectionNote {
  /** The subjects whose events are listed (type:id). */
  subjects: string[];
  events: TAuditEventLine[];
  /** More events exist than the report lists (the newest are kept). */
  omitted: number;
  verification: {
    ok: boolean;
    /** The prefix of the log that was re-derived: events 1 … checkedSize. */
    checkedSize: number;
    headHash: string;
    problem: { seq: number; reason: string } | null;
    summary: string;
  } | null;
  /** A signed checkpoint whose size covers every listed event. */
  checkpoint: (TCheckpoint & { signatureValid: boolean; matchesChain: boolean }) | null;
}

export interface TModelVersionReport extends TReportHeader {
  kind: 'model-version-report';
  facts: TModelFacts;
  modelCard: TModelCardView;
  trainingData: (TDatasetVersionView | THiddenDatasetVersion)[];
  promotions: TPromotionView[];
  promotionsNote: string | null;
  attestations: TAttestationView[];
  lineage: TLineageView;
  deployments: TSectionNote & { items: TDeploymentView[] };
  predictions: TSectionNote & { volume: TPredictionVolume | null };
  drift: TSectionNote & { summary: TDriftSummary | null };
  audit: TAuditSection;
}

export interface TDatasetVersionReport extends TReportHeader {
  kind: 'dataset-version-report';
  dataset: TDatasetVersionView;
  /** Model versions trained on this dataset version that the reader may see. */
  trainedModels: { id: string; model: string; version: number; artifactSha256: string }[];
  hiddenTrainedModels: number;
  lineage: TLineageView;
  audit: TAuditSection;
}

export type TReport = TModelVersionReport | TDatasetVersionReport;
