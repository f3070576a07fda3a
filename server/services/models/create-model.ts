import { eq } from 'drizzle-orm';
import { registeredModels, teams, users } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { transact } from '../../audit/transact';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import type { TCreateModel } from './schemas';
import { findModel, modelNameKey, type TModelView } from './views';

/** Registers a model for a team. Names are unique regardless of case: a clash is 409. */
export async function createModel(ctx: TServiceContext, model: TCreateModel): Promise<TModelView> {
  await authorize(ctx, 'create', 'RegisteredModel', { teamId: model.teamId });
  const callerId = actorUserId(ctx.actor)!;
  const ownerId = model.ownerId ?? callerId;
  const tags = [...new Set(model.tags)].sort();
  await transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, model.teamId));
    if (!team) throw new AppError('invalid_input', 'Unknown team.');
    const [owner] = await tx.select({ id: users.id }).from(users).where(eq(users.id, ownerId));
    if (!owner) throw new AppError('invalid_input', 'Unknown owner.');
    // The unique index decides races; this check only gives the common case a clear message.
    const [clash] = await tx.select({ name: registeredModels.name }).from(registeredModels).where(eq(modelNameKey, model.name.toLowerCase()));
    if (clash) throw new AppError('conflict', `A model named ${clash.name} already exists.`);
    const [row] = await tx
      .insert(registeredModels)
      .values({ name: model.name, teamId: model.teamId, description: model.description, tags, riskTier: model.riskTier, ownerId, createdBy: callerId })
      .returning({ id: registeredModels.id });
    audit.record({
      action: 'model.created',
      subject: { type: 'RegisteredModel', id: row!.id },
      data: { name: model.name, teamId: model.teamId, ownerId, riskTier: model.riskTier, tags },
    });
  });
  return (await findModel(ctx.db, model.name))!;
}
