import { sql } from 'drizzle-orm';
import type { TDb } from '@/db/client';
import { teamMembers, teams, userRoles, users } from '@/db/schema';
import type { TRole } from '@/policies/vocabulary';
import { transact } from '@/server/audit/transact';
import { hashPassword } from '@/server/auth/password';
import { seedDemoDatasets } from './demo-datasets';
import { seedDemoModels } from './demo-models';
import { seedDemoPromotion } from './demo-promotions';
import { seedDemoServing } from './demo-serving';

/** Printed in the README: every demo user signs in with this password. */
export const DEMO_PASSWORD = 'modelgate-demo';

export const DEMO_TEAMS = ['Credit Risk', 'Fraud Detection'] as const;

export const DEMO_USERS: Array<{ email: string; name: string; roles: TRole[]; teams: Array<(typeof DEMO_TEAMS)[number]> }> = [
  { email: 'admin@modelgate.local', name: 'Ada Admin', roles: ['admin'], teams: [] },
  { email: 'governance@modelgate.local', name: 'Grace Governance', roles: ['governance_officer'], teams: [] },
  { email: 'owner@modelgate.local', name: 'Olive Owner', roles: ['data_owner'], teams: ['Credit Risk'] },
  { email: 'scientist@modelgate.local', name: 'Sam Scientist', roles: ['data_scientist'], teams: ['Credit Risk'] },
  { email: 'fraud-scientist@modelgate.local', name: 'Fay Fraud', roles: ['data_scientist'], teams: ['Fraud Detection'] },
  { email: 'engineer@modelgate.local', name: 'Eli Engineer', roles: ['ml_engineer'], teams: ['Credit Risk', 'Fraud Detection'] },
  { email: 'auditor@modelgate.local', name: 'Aud Auditor', roles: ['auditor'], teams: [] },
];

/**
 * Seeds teams and one user per role on an empty database. Runs once: the seeding
 * transaction takes an advisory lock so two instances starting together do not both seed.
 */
export async function seedDemo(db: TDb): Promise<boolean> {
  const hasUsers = async (q: Pick<TDb, 'select'>) => (await q.select({ id: users.id }).from(users).limit(1)).length > 0;
  if (await hasUsers(db)) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const seededByOther = new Error('seeded by another instance');
  try {
    await transact(db, { type: 'system', job: 'seed-demo' }, async (tx, audit) => {
      await tx.execute(sql`select pg_advisory_xact_lock(7239412)`);
      if (await hasUsers(tx)) throw seededByOther;
      const teamRows = await tx.insert(teams).values(DEMO_TEAMS.map((name) => ({ name }))).returning();
      const teamId = (name: string) => teamRows.find((t) => t.name === name)!.id;
      for (const team of teamRows) {
        audit.record({ action: 'team.created', subject: { type: 'Team', id: team.id }, data: { name: team.name } });
      }
      for (const demo of DEMO_USERS) {
        const [user] = await tx.insert(users).values({ email: demo.email, name: demo.name, passwordHash }).returning();
        const teamIds = demo.teams.map(teamId).sort();
        await tx.insert(userRoles).values(demo.roles.map((role) => ({ userId: user!.id, role })));
        if (teamIds.length) await tx.insert(teamMembers).values(teamIds.map((id) => ({ userId: user!.id, teamId: id })));
        audit.record({
          action: 'user.created',
          subject: { type: 'User', id: user!.id },
          data: { email: demo.email, name: demo.name, roles: demo.roles, teamIds },
        });
      }
    });
    await seedDemoModels(db);
    await seedDemoDatasets(db);
    await seedDemoPromotion(db);
    await seedDemoServing(db);
    return true;
  } catch (error) {
    if (error === seededByOther) return false;
    throw error;
  }
}
