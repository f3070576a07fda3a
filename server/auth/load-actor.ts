import { eq } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { teamMembers, userRoles, users } from '@/db/schema';
import type { TActor } from '@/policies/actor';

export type TUserActor = Extract<TActor, { type: 'user' }>;

/** A user as an actor, with roles and teams read fresh from the database (role changes apply at once). */
export async function loadUserActor(db: TDbOrTx, userId: string): Promise<TUserActor | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || user.disabled) return null;
  const [roles, teams] = await Promise.all([
    db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)),
    db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, userId)),
  ]);
  return {
    type: 'user',
    userId: user.id,
    email: user.email,
    name: user.name,
    roles: roles.map((r) => r.role).sort(),
    teamIds: teams.map((t) => t.teamId).sort(),
  };
}
