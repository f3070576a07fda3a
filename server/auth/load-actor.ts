import { eq, sql } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { users } from '@/db/schema';
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

/** A user as an actor, with roles and teams read fresh from the database (role changes apply at once). */
export async function loadUserActor(db: TDbOrTx, userId: string): Promise<TUserActor | null> {
  const [row] = await db.select(actorColumns).from(users).where(eq(users.id, userId));
  return row ? toUserActor(row) : null;
}
