import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgEnum, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { TDsseEnvelope } from '@/cli/verify-attestation.mjs';
import type { TCheckResult } from '@/server/services/promotions/types';
import { PROMOTION_STATES } from '@/server/services/promotions/types';
import { datasets, datasetVersions } from './datasets';
import { users } from './identity';
import { modelVersions, registeredModels } from './models';

export const promotionStateEnum = pgEnum('promotion_state', PROMOTION_STATES);
export const reviewDecisionEnum = pgEnum('review_decision', ['approve', 'reject']);
export const accessRequestStateEnum = pgEnum('access_request_state', ['pending', 'approved', 'rejected', 'withdrawn']);

/** A deployment target (staging, production). `policyVersion` points at the policy in force. */
export const environments = pgTable('environments', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull().unique(),
  policyVersion: integer().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Every version of an environment's promotion policy; edits add a row, never change one. */
export const environmentPolicies = pgTable(
  'environment_policies',
  {
    id: uuid().primaryKey().defaultRandom(),
    environmentId: uuid().notNull().references(() => environments.id),
    version: integer().notNull(),
    requiredApprovals: integer().notNull(),
    eligibleRoles: text().array().notNull(),
    minimumFromRole: jsonb().$type<{ role: string; count: number }[]>().notNull(),
    requiredChecks: text().array().notNull(),
    /** How long an approval stays valid (the attestation's expiry). */
    approvalValidDays: integer().notNull(),
    /** Null for the defaults the migration seeds. */
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.environmentId, t.version), check('environment_policies_approvals_positive', sql`${t.requiredApprovals} > 0`)],
);

/** Thresholds a model's owner sets on its versions' metrics (checked by `metric-thresholds`). */
export const modelMetricThresholds = pgTable(
  'model_metric_thresholds',
  {
    modelId: uuid().notNull().references(() => registeredModels.id),
    metric: text().notNull(),
    comparator: text({ enum: ['>=', '<='] }).notNull(),
    value: real().notNull(),
    setBy: uuid().notNull().references(() => users.id),
    setAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.metric] })],
);

/** A governance officer's approval to promote models trained on a restricted dataset version (DESIGN.md §3 rule 6). */
export const restrictedDataExceptions = pgTable('restricted_data_exceptions', {
  datasetVersionId: uuid().primaryKey().references(() => datasetVersions.id),
  reason: text().notNull(),
  approvedBy: uuid().notNull().references(() => users.id),
  approvedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * A request to promote a model version to an environment, bound to the bits and the policy
 * version it was made under. Transitions happen under `SELECT … FOR UPDATE` on this row.
 */
export const promotionRequests = pgTable(
  'promotion_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    modelVersionId: uuid().notNull().references(() => modelVersions.id),
    environmentId: uuid().notNull().references(() => environments.id),
    state: promotionStateEnum().notNull().default('pending'),
    requesterId: uuid().notNull().references(() => users.id),
    justification: text().notNull().default(''),
    artifactSha256: text().notNull(),
    trainingCodeHash: text().notNull(),
    predictionCodeHash: text().notNull(),
    policyId: uuid().notNull().references(() => environmentPolicies.id),
    policyVersion: integer().notNull(),
    /** The last evaluation: explanations and each check's result. */
    reasons: jsonb().$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    checks: jsonb().$type<TCheckResult[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** A request still pending then is expired. */
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    decidedAt: timestamp({ withTimezone: true }),
    /** Approved requests: when the approval (and its attestation) stops being valid. */
    approvalExpiresAt: timestamp({ withTimezone: true }),
    attestation: jsonb().$type<TDsseEnvelope>(),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: uuid().references(() => users.id),
    revokeReason: text(),
  },
  (t) => [
    // One open request per version and environment.
    uniqueIndex('promotion_requests_one_pending').on(t.modelVersionId, t.environmentId).where(sql`state = 'pending'`),
    index().on(t.environmentId, t.state, t.decidedAt),
    index().on(t.requesterId, t.createdAt),
  ],
);

/** One review per person per request; the roles are those held when deciding. */
export const promotionReviews = pgTable(
  'promotion_reviews',
  {
    requestId: uuid().notNull().references(() => promotionRequests.id),
    reviewerId: uuid().notNull().references(() => users.id),
    roles: text().array().notNull(),
    decision: reviewDecisionEnum().notNull(),
    comment: text().notNull().default(''),
    decidedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.reviewerId] })],
);

/** A request to read a confidential or restricted dataset's content, for a purpose and a duration. */
export const accessRequests = pgTable(
  'access_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    datasetId: uuid().notNull().references(() => datasets.id),
    requesterId: uuid().notNull().references(() => users.id),
    purpose: text().notNull(),
    requestedDays: integer().notNull(),
    state: accessRequestStateEnum().notNull().default('pending'),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.datasetId, t.state), index().on(t.requesterId, t.createdAt)],
);

/** What an approved access request yields: live until it expires or is revoked. */
export const accessGrants = pgTable(
  'access_grants',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid().notNull().unique().references(() => accessRequests.id),
    datasetId: uuid().notNull().references(() => datasets.id),
    userId: uuid().notNull().references(() => users.id),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: uuid().references(() => users.id),
    revokeReason: text(),
  },
  (t) => [index().on(t.userId, t.datasetId, t.expiresAt)],
);

export const WEBHOOK_EVENTS = [
  'promotion.requested',
  'promotion.approved',
  'promotion.rejected',
  'promotion.revoked',
  'access.granted',
  'access.revoked',
  'monitoring.drift_detected',
  'monitoring.latency_high',
] as const;
export type TWebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** A URL that receives governance events, signed with HMAC-SHA256 under its own secret. */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: uuid().primaryKey().defaultRandom(),
  url: text().notNull(),
  events: text().array().notNull(),
  /** The HMAC key: kept (not hashed) because every delivery is signed with it, like signing_keys. */
  secret: text().notNull(),
  createdBy: uuid().notNull().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  disabledAt: timestamp({ withTimezone: true }),
});

/**
 * The outbox: one row per (event, endpoint), written in the transaction of the change it
 * reports, so a rolled-back change sends nothing. The sender claims due rows after commit.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid().primaryKey().defaultRandom(),
    endpointId: uuid().notNull().references(() => webhookEndpoints.id),
    event: text().notNull(),
    /** The exact bytes sent and signed. */
    body: text().notNull(),
    status: text({ enum: ['pending', 'delivered', 'failed'] }).notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastStatusCode: integer(),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`), index().on(t.endpointId, t.createdAt)],
);
