import { eq } from 'drizzle-orm';
import type { TDb } from '@/db/client';
import { DEMO_USERS } from '@/db/seed/demo';
import { teams, users } from '@/db/schema';
import { loadUserActor, type TUserActor } from '@/server/auth/load-actor';
import { ROLES, type TRole } from '@/policies/vocabulary';
import { serviceContext, type TServiceContext } from '@/server/services/context';

/** The seeded demo user holding `role` (the first one, for roles held by several), as an actor. */
export async function demoActor(db: TDb, role: TRole): Promise<TUserActor> {
  const demo = DEMO_USERS.find((u) => u.roles.includes(role))!;
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, demo.email));
  return (await loadUserActor(db, row!.id))!;
}

/** A service context for each role's demo user, and the two demo teams' ids. */
export async function demoContexts(db: TDb) {
  const as = {} as Record<TRole, TServiceContext>;
  for (const role of ROLES) as[role] = serviceContext(db, await demoActor(db, role));
  const rows = await db.select().from(teams);
  const teamId = (name: string) => rows.find((t) => t.name === name)!.id;
  return { as, creditRisk: teamId('Credit Risk'), fraud: teamId('Fraud Detection') };
}
