import { sql } from 'drizzle-orm';
import { type AnyPgColumn, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { environments, promotionRequests } from './governance';
import { users } from './identity';
import { modelVersions, registeredModels } from './models';
import { apiTokens } from './tokens';

export const DEPLOYMENT_KINDS = ['deploy', 'rollback'] as const;
export const deploymentKindEnum = pgEnum('deployment_kind', DEPLOYMENT_KINDS);

/**
 * A model version put into service in an environment, relying on one approved promotion
 * request (DESIGN.md §2). Each (model, environment) has at most one current deployment: the one
 * not yet superseded. A new deployment supersedes the current one in the same transaction;
 * a rollback is a deployment of an earlier version. A trigger (custom migration) NOTIFYs
 * `modelgate_serving` on every change here and on promotion requests, so serving processes
 * reload within moments.
 */
export const deployments = pgTable(
  'deployments',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The version's model, kept here so "the current deployment per model and environment" is one index. */
    modelId: uuid().notNull().references(() => registeredModels.id),
    modelVersionId: uuid().notNull().references(() => modelVersions.id),
    environmentId: uuid().notNull().references(() => environments.id),
    /** The approved promotion of this version to this environment that the deployment relies on. */
    promotionRequestId: uuid().notNull().references(() => promotionRequests.id),
    kind: deploymentKindEnum().notNull(),
    note: text().notNull().default(''),
    deployedBy: uuid().notNull().references(() => users.id),
    /** The pipeline token that recorded it, when it was not a person in the portal. */
    tokenId: uuid().references(() => apiTokens.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    supersededAt: timestamp({ withTimezone: true }),
    supersededBy: uuid().references((): AnyPgColumn => deployments.id),
  },
  (t) => [
    uniqueIndex('deployments_one_current').on(t.modelId, t.environmentId).where(sql`superseded_at is null`),
    index().on(t.environmentId, t.createdAt),
    index().on(t.modelVersionId, t.createdAt),
    index().on(t.promotionRequestId),
  ],
);
