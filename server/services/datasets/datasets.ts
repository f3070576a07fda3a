import { and, eq, ilike, type SQL } from 'drizzle-orm';
import { abilityWhere } from '@/db/queries/ability-where';
import { datasets, datasetVersions, teams, userRoles, users } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { transact } from '../../audit/transact';
import { AppError } from '../../errors';
import { canRequestAccess, contentAccessOf } from '../access-requests/require-live-grant';
import { authorize, type TServiceContext } from '../context';
import { trainedModelsOf } from './trained-models';
import type { TCreateDataset } from './schemas';
import { datasetViews, findDataset, versionViews, type TDatasetView } from './views';

const datasetColumns = { id: datasets.id, teamId: datasets.teamId, ownerId: datasets.ownerId };

export async function createDataset(ctx: TServiceContext, input: TCreateDataset): Promise<TDatasetView> {
  await authorize(ctx, 'create', 'Dataset', { id: null, teamId: input.teamId, ownerId: input.ownerId });
  const [team] = await ctx.db.select({ id: teams.id }).from(teams).where(eq(teams.id, input.teamId));
  if (!team) throw new AppError('invalid_input', 'Unknown team.');
  const [owner] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'data_owner')))
    .where(and(eq(users.id, input.ownerId), eq(users.disabled, false)));
  if (!owner) throw new AppError('invalid_input', 'The owner must be an active user with the data owner role.');
  const id = await transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [existing] = await tx.select({ id: datasets.id }).from(datasets).where(and(eq(datasets.teamId, input.teamId), eq(datasets.name, input.name)));
    if (existing) throw new AppError('conflict', `The team already has a dataset named ${input.name}.`);
    const [row] = await tx.insert(datasets).values({ ...input, createdBy: actorUserId(ctx.actor)! }).returning({ id: datasets.id });
    audit.record({
      action: 'dataset.created',
      subject: { type: 'Dataset', id: row!.id },
      data: { name: input.name, teamId: input.teamId, ownerId: input.ownerId, description: input.description },
    });
    return row!.id;
  });
  return (await datasetViews(ctx.db, eq(datasets.id, id)))[0]!;
}

export async function listDatasets(ctx: TServiceContext, filter: { name?: string; teamId?: string } = {}): Promise<TDatasetView[]> {
  if (ctx.actor.type === 'anonymous') await authorize(ctx, 'read', 'Dataset');
  const conditions: SQL[] = [abilityWhere(ctx.ability, 'read', 'Dataset', datasetColumns)];
  if (filter.name) conditions.push(ilike(datasets.name, filter.name.replace(/[%_\\]/g, '\\$&')));
  if (filter.teamId) conditions.push(eq(datasets.teamId, filter.teamId));
  return datasetViews(ctx.db, and(...conditions));
}

/**
 * A dataset with its versions (newest first), each with its latest scan and the model versions
 * (that the actor may see) trained on it; `content` says whether the actor may read the content
 * of its confidential or restricted versions (a live grant, checked now) and where to ask.
 */
export async function readDataset(ctx: TServiceContext, id: string) {
  const row = await findDataset(ctx.db, id);
  await authorize(ctx, 'read', 'Dataset', row);
  const [view] = await datasetViews(ctx.db, eq(datasets.id, id));
  const rows = await versionViews(
    ctx.db,
    and(eq(datasetVersions.datasetId, id), abilityWhere(ctx.ability, 'read', 'DatasetVersion', datasetColumns)),
  );
  const trained = await trainedModelsOf(ctx, rows.map((v) => v.id));
  const versions = rows.map((v) => ({ ...v, trainedModels: trained.filter((t) => t.datasetVersionId === v.id) }));
  const gated = rows.find((v) => v.classification === 'restricted') ?? rows.find((v) => v.classification === 'confidential');
  const content = await contentAccessOf(ctx.db, ctx.actor, { datasetId: id, ownerId: row.ownerId, classification: gated?.classification ?? null });
  return { ...view!, versions, content: { ...content, canRequest: canRequestAccess(ctx, row) } };
}

/** People who may own a dataset, for the create form: active users with the data owner role. */
export async function listOwnerCandidates(ctx: TServiceContext) {
  await authorize(ctx, 'create', 'Dataset');
  return ctx.db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'data_owner')))
    .where(eq(users.disabled, false))
    .orderBy(users.name);
}
