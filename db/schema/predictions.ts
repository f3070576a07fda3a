import { jsonb, pgTable, primaryKey, real, timestamp, uuid } from 'drizzle-orm/pg-core';
import { modelVersions } from './models';
import { deployments } from './serving';

/**
 * Every answered call of the serving layer (DESIGN.md §2, Prediction), written by the
 * group-committing recorder (server/serving/prediction-recorder.ts) before the answer leaves.
 *
 * On the database this table is partitioned by day on `created_at` (PARTITION BY RANGE, one
 * partition per UTC day, created ahead by `predictions_ensure_partitions()`, plus a default
 * partition so an insert never fails for a missing day); see the custom migration
 * `*_predictions_partitioned.sql`. This file describes the columns for queries and keeps
 * drizzle-kit's snapshot in step; the DDL that makes it partitioned is hand-written.
 *
 * The primary key leads with (model_version_id, created_at): it is also the index for "one
 * version's predictions over a time range" and the keyset (created_at, request_id) for paging,
 * so each insert maintains one btree per partition. Retention drops whole day partitions.
 *
 * Foreign keys: the model version and the deployment (each a cheap per-row check that a
 * group-committed batch amortises). The environment is implied by the deployment, and caller
 * ids carry none: users and tokens are never deleted, and more referential checks per row are
 * not worth it at this volume.
 */
export const predictions = pgTable(
  'predictions',
  {
    modelVersionId: uuid().notNull().references(() => modelVersions.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    requestId: uuid().notNull(),
    deploymentId: uuid().notNull().references(() => deployments.id),
    /** The deployment's environment, copied so monitoring can filter without a join (no second key check). */
    environmentId: uuid().notNull(),
    callerUserId: uuid(),
    callerTokenId: uuid(),
    input: jsonb().notNull(),
    output: jsonb().notNull(),
    latencyMs: real().notNull(),
  },
  (t) => [primaryKey({ name: 'predictions_pkey', columns: [t.modelVersionId, t.createdAt, t.requestId] })],
);

export type TPredictionRow = typeof predictions.$inferSelect;
