import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { TTx } from '@/db/client';
import { abilityWhere } from '@/db/queries/ability-where';
import { teamMembers, teams, userRoles, users } from '@/db/schema';
import { ROLES, type TRole } from '@/policies/vocabulary';
import { transact } from '../audit/transact';
import { hashPassword } from '../auth/password';
import { AppError } from '../errors';
import { authorize, type TServiceContext } from './context';

const ZEmail = z.email().max(254).transform((e) => e.toLowerCase());
const ZPassword = z.string().min(12, 'Passwords have at least 12 characters.').max(256);

export const ZCreateUserSchema = z.strictObject({
  email: ZEmail,
  name: z.string().trim().min(1).max(200),
  password: ZPassword,
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  teamIds: z.array(z.uuid()).max(100),
});
export type TCreateUser = z.infer<typeof ZCreateUserSchema>;

export const ZUpdateUserSchema = z.strictObject({
  id: z.uuid(),
  name: z.string().trim().min(1).max(200).optional(),
  password: ZPassword.optional(),
  roles: z.array(z.enum(ROLES)).max(ROLES.length).optional(),
  teamIds: z.array(z.uuid()).max(100).optional(),
  disabled: z.boolean().optional(),
});
export type TUpdateUser = z.infer<typeof ZUpdateUserSchema>;

export type TUserView = {
  id: string;
  email: string;
  name: string;
  disabled: boolean;
  roles: TRole[];
  teamIds: string[];
  createdAt: Date;
};

async function assertTeamsExist(tx: TTx, teamIds: string[]) {
  if (teamIds.length === 0) return;
  const found = await tx.select({ id: teams.id }).from(teams).where(inArray(teams.id, teamIds));
  if (found.length !== new Set(teamIds).size) throw new AppError('invalid_input', 'Unknown team id.');
}

async function setMemberships(tx: TTx, userId: string, roles: TRole[] | undefined, teamIds: string[] | undefined) {
  if (roles) {
    await tx.delete(userRoles).where(eq(userRoles.userId, userId));
    if (roles.length) await tx.insert(userRoles).values([...new Set(roles)].map((role) => ({ userId, role })));
  }
  if (teamIds) {
    await assertTeamsExist(tx, teamIds);
    await tx.delete(teamMembers).where(eq(teamMembers.userId, userId));
    if (teamIds.length) await tx.insert(teamMembers).values([...new Set(teamIds)].map((teamId) => ({ userId, teamId })));
  }
}

export async function createUser(ctx: TServiceContext, input: TCreateUser): Promise<TUserView> {
  await authorize(ctx, 'create', 'User');
  const passwordHash = await hashPassword(input.password);
  const id = await transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (existing) throw new AppError('conflict', `A user with email ${input.email} exists.`);
    const [row] = await tx.insert(users).values({ email: input.email, name: input.name, passwordHash }).returning();
    await setMemberships(tx, row!.id, input.roles, input.teamIds);
    audit.record({
      action: 'user.created',
      subject: { type: 'User', id: row!.id },
      data: { email: input.email, name: input.name, roles: [...input.roles].sort(), teamIds: [...input.teamIds].sort() },
    });
    return row!.id;
  });
  return (await getUser(ctx, id))!;
}

export async function updateUser(ctx: TServiceContext, input: TUpdateUser): Promise<TUserView> {
  const before = await getUser(ctx, input.id);
  if (!before) throw new AppError('not_found', 'User not found.');
  await authorize(ctx, 'update', 'User', before);
  const selfId = ctx.actor.type === 'user' || ctx.actor.type === 'token' ? ctx.actor.userId : null;
  if (selfId === input.id && (input.disabled || (input.roles && !input.roles.includes('admin') && before.roles.includes('admin')))) {
    throw new AppError('invalid_input', 'You cannot disable yourself or remove your own admin role.');
  }
  await transact(ctx.db, ctx.actor, async (tx, audit) => {
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    const fields = { name: input.name, disabled: input.disabled, passwordHash };
    if (Object.values(fields).some((v) => v !== undefined)) await tx.update(users).set(fields).where(eq(users.id, input.id));
    await setMemberships(tx, input.id, input.roles, input.teamIds);
    const changed = (['name', 'disabled', 'roles', 'teamIds'] as const).filter((k) => input[k] !== undefined);
    audit.record({
      action: 'user.updated',
      subject: { type: 'User', id: input.id },
      data: {
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: { ...Object.fromEntries(changed.map((k) => [k, input[k]!])), ...(input.password ? { password: 'changed' } : {}) },
      },
    });
  });
  return (await getUser(ctx, input.id))!;
}

async function withMemberships(ctx: TServiceContext, rows: (typeof users.$inferSelect)[]): Promise<TUserView[]> {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const [roles, memberships] = await Promise.all([
    ctx.db.select().from(userRoles).where(inArray(userRoles.userId, ids)),
    ctx.db.select().from(teamMembers).where(inArray(teamMembers.userId, ids)),
  ]);
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    disabled: u.disabled,
    createdAt: u.createdAt,
    roles: roles.filter((r) => r.userId === u.id).map((r) => r.role).sort(),
    teamIds: memberships.filter((m) => m.userId === u.id).map((m) => m.teamId).sort(),
  }));
}

/** Reads one user without an authorization check; callers check the returned row. */
async function getUser(ctx: TServiceContext, id: string): Promise<TUserView | undefined> {
  const rows = await ctx.db.select().from(users).where(eq(users.id, id));
  return (await withMemberships(ctx, rows))[0];
}

export async function readUser(ctx: TServiceContext, id: string): Promise<TUserView> {
  const user = await getUser(ctx, id);
  if (!user) throw new AppError('not_found', 'User not found.');
  await authorize(ctx, 'read', 'User', user);
  return user;
}

export async function listUsers(ctx: TServiceContext): Promise<TUserView[]> {
  await authorize(ctx, 'read', 'User', selfRow(ctx));
  const rows = await ctx.db
    .select()
    .from(users)
    .where(and(abilityWhere(ctx.ability, 'read', 'User', { id: users.id })))
    .orderBy(asc(users.email));
  return withMemberships(ctx, rows);
}

/** Every signed-in actor may read itself, so listing is gated on that row rather than on the kind. */
function selfRow(ctx: TServiceContext) {
  return { id: ctx.actor.type === 'user' || ctx.actor.type === 'token' ? ctx.actor.userId : null };
}
