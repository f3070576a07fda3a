import { bigint, index, integer, jsonb, pgEnum, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { CLASSIFICATIONS, DATASET_FORMATS, SCAN_STATUSES } from '@/scanners/readers/formats';
import { teams, users } from './identity';

export const classificationEnum = pgEnum('classification', CLASSIFICATIONS);
export const datasetFormatEnum = pgEnum('dataset_format', DATASET_FORMATS);
export const scanStatusEnum = pgEnum('scan_status', SCAN_STATUSES);

/** A named collection of data owned by a team and a data owner; its content lives in immutable versions. */
export const datasets = pgTable(
  'datasets',
  {
    id: uuid().primaryKey().defaultRandom(),
    teamId: uuid().notNull().references(() => teams.id),
    /** A user holding the data owner role: approves access to this dataset. */
    ownerId: uuid().notNull().references(() => users.id),
    name: text().notNull(),
    description: text().notNull().default(''),
    createdBy: uuid().notNull().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.teamId, t.name), index().on(t.name)],
);

export type TColumnSchema = { name: string; type: string };

/** One immutable upload of a dataset, stored content-addressed. Only `classification` changes, and each change has a history row. */
export const datasetVersions = pgTable(
  'dataset_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    datasetId: uuid().notNull().references(() => datasets.id),
    /** 1, 2, 3 … per dataset. */
    number: integer().notNull(),
    fileName: text().notNull(),
    sha256: text().notNull(),
    sizeBytes: bigint({ mode: 'number' }).notNull(),
    format: datasetFormatEnum().notNull(),
    storageKey: text().notNull(),
    /** Filled in by the scan: tables only. */
    rowCount: bigint({ mode: 'number' }),
    columns: jsonb().$type<TColumnSchema[]>(),
    /** Null until the first scan finishes. */
    classification: classificationEnum(),
    createdBy: uuid().notNull().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.datasetId, t.number), index().on(t.sha256)],
);

/**
 * A PII scan of a version, driven by a pg-boss job. `leaseId` fences workers: only the holder of
 * the current lease may write progress or results, so a worker presumed dead cannot overwrite a retry.
 */
export const datasetScans = pgTable(
  'dataset_scans',
  {
    id: uuid().primaryKey().defaultRandom(),
    versionId: uuid().notNull().references(() => datasetVersions.id),
    status: scanStatusEnum().notNull().default('queued'),
    scannerVersion: text().notNull(),
    mode: text({ enum: ['full', 'sampled'] }).notNull().default('full'),
    jobId: uuid(),
    attempts: integer().notNull().default(0),
    bytesRead: bigint({ mode: 'number' }).notNull().default(0),
    bytesTotal: bigint({ mode: 'number' }).notNull(),
    leaseId: uuid(),
    heartbeatAt: timestamp({ withTimezone: true }),
    /** Machine-readable reason when failed (e.g. zip_bomb, csv_unclosed_quote) and its message. */
    errorCode: text(),
    errorMessage: text(),
    reasons: jsonb().$type<string[]>(),
    requestedBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.versionId, t.createdAt),
    index().on(t.status, t.heartbeatAt),
    // At most one unfinished scan per version.
    uniqueIndex('dataset_scans_one_open_per_version').on(t.versionId).where(sql`status in ('queued', 'running')`),
  ],
);

/** What a scan found per column, page or region. Masked samples only: raw values are never stored. */
export const datasetFindings = pgTable(
  'dataset_findings',
  {
    id: uuid().primaryKey().defaultRandom(),
    scanId: uuid().notNull().references(() => datasetScans.id),
    /** "column", "page" or "text", as in scanners' TLocation. */
    locationKind: text().notNull(),
    /** Column name, or page number, prefixed by the archive member when there is one. */
    location: text().notNull(),
    entityType: text().notNull(),
    count: integer().notNull(),
    confidence: real().notNull(),
    detector: text().notNull(),
    explanation: text().notNull(),
    maskedSamples: jsonb().$type<string[]>().notNull(),
  },
  (t) => [index().on(t.scanId)],
);

/** Every classification a version had: set by a scan, or changed by a governance officer with a reason. */
export const datasetClassificationChanges = pgTable(
  'dataset_classification_changes',
  {
    id: uuid().primaryKey().defaultRandom(),
    versionId: uuid().notNull().references(() => datasetVersions.id),
    fromClassification: classificationEnum(),
    toClassification: classificationEnum().notNull(),
    reason: text().notNull(),
    /** Null when a scan set it. */
    changedBy: uuid().references(() => users.id),
    scanId: uuid().references(() => datasetScans.id),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.versionId, t.changedAt)],
);
