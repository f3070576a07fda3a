import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { OnnxSignature } from '@/server/onnx/inspect-onnx';
import { teams, users } from './identity';
import { datasetVersions } from './datasets';

export const RISK_TIERS = ['low', 'medium', 'high', 'critical'] as const;
export const riskTierEnum = pgEnum('model_risk_tier', RISK_TIERS);

/** ONNX is opened and servable; `other` artifacts are stored and hashed but never loaded or served. */
export const ARTIFACT_FORMATS = ['onnx', 'other'] as const;
export const artifactFormatEnum = pgEnum('artifact_format', ARTIFACT_FORMATS);

/** Where a version's training or prediction code came from: a git commit, or a hash of the code itself. */
export type TCodeRef = { repository: string; commit: string } | { contentSha256: string };

export type TModelCard = { intendedUse: string; limitations: string; ethicalConsiderations: string };

/**
 * A registered model. Names are unique case-insensitively. `latestVersion` is the per-model
 * counter: registering a version increments it under the row lock, so concurrent registrations
 * get consecutive numbers, and since versions are never deleted a number is never reused.
 */
export const registeredModels = pgTable(
  'registered_models',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    teamId: uuid().notNull().references(() => teams.id),
    description: text().notNull().default(''),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    ownerId: uuid().notNull().references(() => users.id),
    riskTier: riskTierEnum().notNull(),
    latestVersion: integer().notNull().default(0),
    createdBy: uuid().notNull().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Also the catalog's sort order and keyset.
    uniqueIndex('registered_models_lower_name_key').on(sql`lower(${t.name})`),
    // Substring search on names (pg_trgm, loaded in PGlite too).
    index('registered_models_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
    index('registered_models_tags_idx').using('gin', t.tags),
    index('registered_models_team_name_idx').on(t.teamId, sql`lower(${t.name})`),
    index().on(t.createdBy),
  ],
);

/**
 * An immutable model version (DESIGN.md §2). Triggers (migration) refuse UPDATE, DELETE and
 * TRUNCATE: corrections are a new version.
 */
export const modelVersions = pgTable(
  'model_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    modelId: uuid().notNull().references(() => registeredModels.id),
    version: integer().notNull(),
    artifactSha256: text().notNull(),
    artifactSize: bigint({ mode: 'number' }).notNull(),
    artifactFormat: artifactFormatEnum().notNull(),
    /** Relative to the artifact store; derived from the hash. */
    artifactKey: text().notNull(),
    trainingCode: jsonb().$type<TCodeRef>().notNull(),
    predictionCode: jsonb().$type<TCodeRef>().notNull(),
    /** Library name → version. */
    dependencies: jsonb().$type<Record<string, string>>().notNull(),
    lockfileSha256: text(),
    parameters: jsonb().$type<Record<string, string | number | boolean>>().notNull(),
    metrics: jsonb().$type<Record<string, number>>().notNull(),
    /** The real inputs and outputs onnxruntime reports; null for non-ONNX artifacts. */
    signature: jsonb().$type<OnnxSignature>(),
    modelCard: jsonb().$type<TModelCard>().notNull(),
    createdBy: uuid().notNull().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.modelId, t.version),
    index().on(t.createdBy, t.modelId),
    index().on(t.artifactSha256),
    check('model_versions_version_positive', sql`${t.version} > 0`),
    check('model_versions_sha256_hex', sql`${t.artifactSha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

/**
 * Lineage edges from a model version to the dataset versions it was trained on. The foreign
 * key to dataset_versions is added by the datasets migration; like the version, edges are
 * facts and are never updated or deleted.
 */
export const modelVersionTrainingData = pgTable(
  'model_version_training_data',
  {
    modelVersionId: uuid().notNull().references(() => modelVersions.id),
    datasetVersionId: uuid().notNull().references(() => datasetVersions.id),
  },
  (t) => [primaryKey({ columns: [t.modelVersionId, t.datasetVersionId] }), index().on(t.datasetVersionId)],
);
