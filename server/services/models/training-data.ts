import { and, eq, inArray, type SQL } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { datasets, datasetVersions, modelVersionTrainingData } from '@/db/schema';
import { asSubject } from '@/policies/ability';
import { actorUserId, type TActor } from '@/policies/actor';
import { recordAudit } from '../../audit/transact';
import { AppError } from '../../errors';
import { contentAccessOf, denyWithoutGrant, liveGrantOf } from '../access-requests/require-live-grant';
import type { TServiceContext } from '../context';
import type { TTrainingDataRef } from './schemas';

/** A dataset version a new model version will be linked to, with what the gates need. */
export interface TTrainingDataset {
  id: string;
  datasetId: string;
  datasetName: string;
  number: number;
  teamId: string;
  ownerId: string;
  classification: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const describe = (ref: TTrainingDataRef) => (typeof ref === 'string' ? ref : `${ref.dataset}@${ref.version}`);

function selectCandidates(db: TDbOrTx, where: SQL) {
  return db
    .select({
      id: datasetVersions.id,
      datasetId: datasetVersions.datasetId,
      datasetName: datasets.name,
      number: datasetVersions.number,
      teamId: datasets.teamId,
      ownerId: datasets.ownerId,
      classification: datasetVersions.classification,
    })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(where);
}

/** May the actor read this dataset version: by the policies (team, owner, oversight), or through a live grant on its dataset. */
async function canRead(ctx: TServiceContext, row: TTrainingDataset): Promise<boolean> {
  if (ctx.ability.can('read', asSubject('DatasetVersion', { id: row.id, teamId: row.teamId, ownerId: row.ownerId }))) return true;
  const userId = actorUserId(ctx.actor);
  return userId !== null && (await liveGrantOf(ctx.db, userId, row.datasetId)) !== null;
}

async function refuseUnknown(ctx: TServiceContext, ref: TTrainingDataRef, id: string | null): Promise<never> {
  await recordAudit(ctx.db, ctx.actor, {
    action: 'access.denied',
    subject: { type: 'DatasetVersion', id },
    data: { action: 'train-on', reason: id ? 'not_visible' : 'unknown' },
    outcome: 'denied',
  });
  throw new AppError('unknown_dataset_version', `Training data ${describe(ref)}: no such dataset version, or you may not read it.`, { trainingData: describe(ref) });
}

/**
 * Resolves training-data references to dataset versions the actor may read. Unknown and
 * invisible ones are refused alike (400 unknown_dataset_version, audited), so the answer does
 * not reveal what exists; a name that matches datasets in several of the actor's teams is
 * ambiguous (400). A token needs datasets:read (or :write) to link data.
 */
export async function resolveTrainingData(ctx: TServiceContext, refs: TTrainingDataRef[]): Promise<TTrainingDataset[]> {
  if (!refs.length) return [];
  if (ctx.actor.type === 'token' && !ctx.actor.scopes.some((s) => s === 'datasets:read' || s === 'datasets:write')) {
    throw new AppError('insufficient_scope', 'Linking training data needs a token with the datasets:read scope as well.');
  }
  const resolved = new Map<string, TTrainingDataset>();
  for (const ref of refs) {
    const where =
      typeof ref === 'string'
        ? eq(datasetVersions.id, ref)
        : and(eq(datasetVersions.number, ref.version), UUID.test(ref.dataset) ? eq(datasets.id, ref.dataset) : eq(datasets.name, ref.dataset))!;
    const candidates = await selectCandidates(ctx.db, where);
    const visible: TTrainingDataset[] = [];
    for (const row of candidates) if (await canRead(ctx, row)) visible.push(row);
    if (visible.length === 0) await refuseUnknown(ctx, ref, candidates.length === 1 ? candidates[0]!.id : null);
    if (visible.length > 1) {
      throw new AppError('invalid_input', `Training data ${describe(ref)}: several datasets of yours have that name; give the dataset version id instead.`, {
        candidates: visible.map((v) => v.id),
      });
    }
    resolved.set(visible[0]!.id, visible[0]!);
  }
  return [...resolved.values()];
}

/** The first confidential or restricted dataset version the actor holds no live grant for (read through `db`: `tx` inside a transaction). */
export async function firstWithoutGrant(db: TDbOrTx, actor: TActor, data: TTrainingDataset[]): Promise<TTrainingDataset | null> {
  for (const row of data) {
    const access = await contentAccessOf(db, actor, { datasetId: row.datasetId, ownerId: row.ownerId, classification: row.classification });
    if (!access.allowed) return row;
  }
  return null;
}

/** Refuses (audited, 403 grant_required) training on a gated dataset version without a live grant. */
export async function refuseTrainingWithoutGrant(ctx: TServiceContext, row: TTrainingDataset): Promise<never> {
  return denyWithoutGrant(ctx, row, 'train-on', 'Registering a model version trained on');
}

/** Thrown inside the registration transaction when a grant lapsed during the upload; audited after the rollback. */
export class GrantLapsedError extends Error {
  constructor(readonly dataset: TTrainingDataset) {
    super('grant lapsed');
  }
}

/** The dataset versions a model version was trained on, as the actor may see them (names only when they may read the dataset version). */
export async function trainingDataOf(ctx: TServiceContext, modelVersionId: string) {
  const rows = await selectCandidates(
    ctx.db,
    inArray(
      datasetVersions.id,
      ctx.db.select({ id: modelVersionTrainingData.datasetVersionId }).from(modelVersionTrainingData).where(eq(modelVersionTrainingData.modelVersionId, modelVersionId)),
    ),
  ).orderBy(datasets.name, datasetVersions.number);
  return rows.map((row) => {
    const visible = ctx.ability.can('read', asSubject('DatasetVersion', { id: row.id, teamId: row.teamId, ownerId: row.ownerId }));
    return visible
      ? { datasetVersionId: row.id, visible, datasetId: row.datasetId, datasetName: row.datasetName, number: row.number, classification: row.classification }
      : { datasetVersionId: row.id, visible, datasetId: null, datasetName: null, number: null, classification: null };
  });
}
export type TTrainingDataView = Awaited<ReturnType<typeof trainingDataOf>>[number];
