import { eq } from 'drizzle-orm';
import type { TDb } from '@/db/client';
import { DEMO_USERS } from '@/db/seed/demo';
import { users } from '@/db/schema';
import { loadUserActor, type TUserActor } from '@/server/auth/load-actor';
import type { TRole } from '@/policies/vocabulary';

/** The seeded demo user holding `role` (the first one, for roles held by several), as an actor. */
export async function demoActor(db: TDb, role: TRole): Promise<TUserActor> {
  const demo = DEMO_USERS.find((u) => u.roles.includes(role))!;
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, demo.email));
  return (await loadUserActor(db, row!.id))!;
}
