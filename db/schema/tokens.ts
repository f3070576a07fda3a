import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity';

/** API tokens for machines. The secret is shown once; only its SHA-256 is stored. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    /** The token acts as this user, narrowed by its scopes. */
    userId: uuid().notNull().references(() => users.id),
    createdBy: uuid().notNull().references(() => users.id),
    /** First characters of the token, to recognise it in lists. */
    prefix: text().notNull(),
    secretHash: text().notNull().unique(),
    scopes: text().array().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId)],
);
