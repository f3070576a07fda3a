import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgEnum, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { TFeatureDrift, TFeatureProfile } from '@/server/monitoring/drift';
import { datasetVersions } from './datasets';
import { users } from './identity';
import { modelVersions } from './models';

export const PROFILE_SOURCES = ['dataset', 'predictions'] as const;
export const profileSourceEnum = pgEnum('monitoring_profile_source', PROFILE_SOURCES);

/**
 * The reference a version's inputs are compared with: one per model version, built once from
 * its training dataset version (sampled numeric and categorical columns) or, with no usable
 * training data, from its first N recorded prediction rows. Never changed once built.
 */
export const monitoringProfiles = pgTable('monitoring_profiles', {
  modelVersionId: uuid()
    .primaryKey()
    .references(() => modelVersions.id),
  source: profileSourceEnum().notNull(),
  datasetVersionId: uuid().references(() => datasetVersions.id),
  /** Input rows the profile was built from. */
  rowCount: integer().notNull(),
  features: jsonb().$type<TFeatureProfile[]>().notNull(),
  /** For a predictions profile: the time of the last prediction it used. Drift windows start after it. */
  referenceUntil: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Alert thresholds of a version; a version without a row uses the defaults
 * (server/monitoring/thresholds.ts). Changes are audited (`monitoring.thresholds_set`).
 */
export const monitoringThresholds = pgTable('monitoring_thresholds', {
  modelVersionId: uuid()
    .primaryKey()
    .references(() => modelVersions.id),
  psi: real().notNull(),
  ks: real().notNull(),
  p99LatencyMs: real().notNull(),
  updatedBy: uuid()
    .notNull()
    .references(() => users.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const ALERT_KINDS = ['drift', 'latency'] as const;
export type TAlertKind = (typeof ALERT_KINDS)[number];
export const alertKindEnum = pgEnum('monitoring_alert_kind', ALERT_KINDS);
export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type TAlertState = (typeof ALERT_STATES)[number];
export const alertStateEnum = pgEnum('monitoring_alert_state', ALERT_STATES);

export type TAlertBreach = { feature: string | null; metric: 'psi' | 'ks' | 'p99_latency_ms'; value: number; threshold: number };
export type TAlertDetails = { breaches: TAlertBreach[]; windowCount: number; drift?: TFeatureDrift[] };

/**
 * A threshold crossed by a version's traffic over a window: raised by the monitoring job
 * (with its audit event and webhook in the same transaction), acknowledged and resolved by
 * people. At most one unresolved alert per (version, kind): a breach that goes on does not
 * raise another.
 */
export const monitoringAlerts = pgTable(
  'monitoring_alerts',
  {
    id: uuid().primaryKey().defaultRandom(),
    modelVersionId: uuid()
      .notNull()
      .references(() => modelVersions.id),
    kind: alertKindEnum().notNull(),
    state: alertStateEnum().notNull().default('open'),
    /** One line for lists and the inbox, e.g. "PSI 0.41 ≥ 0.2 on features[2]". */
    summary: text().notNull(),
    details: jsonb().$type<TAlertDetails>().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    windowEnd: timestamp({ withTimezone: true }).notNull(),
    openedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    acknowledgedBy: uuid().references(() => users.id),
    acknowledgedAt: timestamp({ withTimezone: true }),
    resolvedBy: uuid().references(() => users.id),
    resolvedAt: timestamp({ withTimezone: true }),
    /** Why it was closed, as typed by the person who resolved it. */
    resolution: text(),
  },
  (t) => [
    uniqueIndex('monitoring_alerts_one_unresolved').on(t.modelVersionId, t.kind).where(sql`state <> 'resolved'`),
    index().on(t.modelVersionId, t.openedAt),
    index().on(t.state, t.openedAt),
  ],
);
