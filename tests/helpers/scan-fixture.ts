import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type TDatabase } from '@/db/client';
import { teamMembers, teams, userRoles, users } from '@/db/schema';
import type { TRole } from '@/policies/vocabulary';
import { userActor } from './actors';

/**
 * A database that a second process can open too: a new PostgreSQL database when DATABASE_URL
 * is set, else PGlite in `dir` (closed before the other process opens it).
 */
export async function openSharedDatabase(dir: string): Promise<{ open(): Promise<TDatabase>; url: string; drop(): Promise<void> }> {
  if (!process.env.DATABASE_URL) return { open: () => openDatabase({ dataDir: dir }), url: '', drop: async () => {} };
  const name = `mg_jobs_${randomBytes(5).toString('hex')}`;
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    open: () => openDatabase({ url: url.toString(), maxConnections: 4 }),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A team with a data owner and a data scientist; returns the scientist as an actor. */
export async function seedTeam(database: TDatabase) {
  const [team] = await database.db.insert(teams).values({ name: 'Scans' }).returning();
  const make = async (email: string, role: TRole) => {
    const [user] = await database.db.insert(users).values({ email, name: email, passwordHash: 'x' }).returning();
    await database.db.insert(userRoles).values({ userId: user!.id, role });
    await database.db.insert(teamMembers).values({ userId: user!.id, teamId: team!.id });
    return user!.id;
  };
  const ownerId = await make('owner@scans.test', 'data_owner');
  const scientistId = await make('scientist@scans.test', 'data_scientist');
  return { teamId: team!.id, ownerId, scientist: userActor(scientistId, ['data_scientist'], [team!.id]) };
}
