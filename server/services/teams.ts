import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { abilityWhere } from '@/db/queries/ability-where';
import { teams } from '@/db/schema';
import { transact } from '../audit/transact';
import { AppError } from '../errors';
import { authorize, type TServiceContext } from './context';

export const ZCreateTeamSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(2)
    .max(64)
    .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, 'Letters, digits, spaces, dots, dashes and underscores only.'),
});

export async function listTeams(ctx: TServiceContext) {
  if (ctx.actor.type === 'anonymous') await authorize(ctx, 'read', 'Team');
  return ctx.db
    .select()
    .from(teams)
    .where(abilityWhere(ctx.ability, 'read', 'Team', { id: teams.id }))
    .orderBy(asc(teams.name));
}

export async function createTeam(ctx: TServiceContext, input: z.infer<typeof ZCreateTeamSchema>) {
  await authorize(ctx, 'create', 'Team');
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [existing] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.name, input.name));
    if (existing) throw new AppError('conflict', `A team named ${input.name} exists.`);
    const [row] = await tx.insert(teams).values({ name: input.name }).returning();
    audit.record({ action: 'team.created', subject: { type: 'Team', id: row!.id }, data: { name: input.name } });
    return row!;
  });
}
