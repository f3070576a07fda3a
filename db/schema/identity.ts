import { boolean, pgEnum, pgTable, primaryKey, text, timestamp, uuid, index } from 'drizzle-orm/pg-core';
import { ROLES } from '@/policies/vocabulary';

export const roleEnum = pgEnum('role', ROLES);

export const teams = pgTable('teams', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull().unique(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const users = pgTable('users', {
  id: uuid().primaryKey().defaultRandom(),
  /** Stored lower-cased; sign-in compares lower-cased. */
  email: text().notNull().unique(),
  name: text().notNull(),
  /** scrypt, see server/auth/password.ts. Never the password. */
  passwordHash: text().notNull(),
  disabled: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid().notNull().references(() => users.id),
    role: roleEnum().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid().notNull().references(() => teams.id),
    userId: uuid().notNull().references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index().on(t.userId)],
);
