import { eq, sql } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { preparedQuery } from '@/db/queries/prepared';
import { apiTokens, users } from '@/db/schema';
import type { TActor } from '@/policies/actor';
import type { TRole } from '@/policies/vocabulary';

export type TUserActor = Extract<TActor, { type: 'user' }>;

/** The user's columns plus roles and teams as arrays: one round trip per authenticated request. */
export const actorColumns = {
  userId: users.id,
  email: users.email,
  name: users.name,
  disabled: users.disabled,
  roles: sql<TRole[]>`array(select r.role::text from user_roles r where r.user_id = ${users.id} order by 1)`,
  teamIds: sql<string[]>`array(select m.team_id::text from team_members m where m.user_id = ${users.id} order by 1)`,
};

export function toUserActor(row: { userId: string; email: string; name: string; disabled: boolean; roles: TRole[]; teamIds: string[] }): TUserActor | null {
  if (row.disabled) return null;
  return { type: 'user', userId: row.userId, email: row.email, name: row.name, roles: row.roles, teamIds: row.teamIds };
}

const userActorQuery = preparedQuery((db) =>
  db.select(actorColumns).from(users).where(eq(users.id, sql.placeholder('userId'))).prepare('user_actor'),
);

/** A user as an actor, with roles and teams read fresh from the database (role changes apply at once). */
export async function loadUserActor(db: TDbOrTx, userId: string): Promise<TUserActor | null> {
  const [row] = await userActorQuery(db).execute({ userId });
  return row ? toUserActor(row) : null;
}

const tokenActorQuery = preparedQuery((db) =>
  db
    .select({
      id: apiTokens.id,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      user: actorColumns,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.secretHash, sql.placeholder('secretHash')))
    .prepare('token_actor'),
);

/**
 * A token (by the SHA-256 of its secret) with its user, roles and teams, read fresh in one prepared
 * statement: every API call runs it, so expiry, revocation and a disabled user take effect at once.
 */
export async function findTokenActor(db: TDbOrTx, secretHash: string) {
  const [row] = await tokenActorQuery(db).execute({ secretHash });
  return row;
}
