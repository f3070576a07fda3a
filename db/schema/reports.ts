import { bigint, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { teams, users } from './identity';

export const REPORT_FORMATS = ['pdf', 'json', 'mlbom'] as const;
export type TReportFormat = (typeof REPORT_FORMATS)[number];
export const REPORT_SUBJECT_TYPES = ['ModelVersion', 'DatasetVersion'] as const;
export type TReportSubjectType = (typeof REPORT_SUBJECT_TYPES)[number];
export const REPORT_JOB_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;

/**
 * A report too large to render during the request (a big lineage graph), run as a pg-boss job
 * with progress. The finished bytes live in the content-addressed artifact store under `sha256`;
 * the `report.generated` audit event is written in the same transaction that marks it completed.
 */
export const reportJobs = pgTable(
  'report_jobs',
  {
    id: uuid().primaryKey().defaultRandom(),
    subjectType: text({ enum: REPORT_SUBJECT_TYPES }).notNull(),
    subjectId: uuid().notNull(),
    /** e.g. "credit-default-classifier v3": what the page lists. */
    subjectLabel: text().notNull(),
    /** The subject's team (who may report on it is decided on it). */
    teamId: uuid().notNull().references(() => teams.id),
    format: text({ enum: REPORT_FORMATS }).notNull(),
    status: text({ enum: REPORT_JOB_STATUSES }).notNull().default('queued'),
    /** 0–100, and what the job is doing now. */
    progress: integer().notNull().default(0),
    stage: text().notNull().default('queued'),
    requestedBy: uuid().notNull().references(() => users.id),
    /** The API token that asked, when it was not the portal; the job keeps its scopes. */
    tokenId: uuid(),
    tokenScopes: text().array(),
    jobId: uuid(),
    sha256: text(),
    sizeBytes: bigint({ mode: 'number' }),
    errorCode: text(),
    errorMessage: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.requestedBy, t.createdAt), index().on(t.subjectType, t.subjectId)],
);
