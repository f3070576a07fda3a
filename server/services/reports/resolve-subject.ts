import { eq } from 'drizzle-orm';
import { datasets, datasetVersions, modelVersions, registeredModels } from '@/db/schema';
import type { TReportSubjectType } from '@/db/schema/reports';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import { ZReportSubjectSchema, type TReportSubjectInput } from './schemas';

export interface TReportSubject {
  type: TReportSubjectType;
  id: string;
  label: string;
  teamId: string;
  /** A file name stem: model-v3, dataset-v2. */
  slug: string;
}

/**
 * The subject of a report, checked twice on the actual row: the reader must be able to read it
 * (404 otherwise) and to create a report of it (the team condition of the Report rules).
 */
export async function resolveReportSubject(ctx: TServiceContext, input: TReportSubjectInput): Promise<TReportSubject> {
  const { subjectType, subjectId } = ZReportSubjectSchema.parse(input);
  let subject: TReportSubject;
  if (subjectType === 'ModelVersion') {
    const [row] = await ctx.db
      .select({ id: modelVersions.id, version: modelVersions.version, model: registeredModels.name, teamId: registeredModels.teamId })
      .from(modelVersions)
      .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
      .where(eq(modelVersions.id, subjectId));
    if (!row) throw new AppError('not_found', 'Model version not found.');
    await authorize(ctx, 'read', 'ModelVersion', { id: row.id, teamId: row.teamId });
    subject = { type: subjectType, id: row.id, label: `${row.model} v${row.version}`, teamId: row.teamId, slug: `${row.model}-v${row.version}` };
  } else {
    const [row] = await ctx.db
      .select({ id: datasetVersions.id, number: datasetVersions.number, dataset: datasets.name, teamId: datasets.teamId, ownerId: datasets.ownerId })
      .from(datasetVersions)
      .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
      .where(eq(datasetVersions.id, subjectId));
    if (!row) throw new AppError('not_found', 'Dataset version not found.');
    await authorize(ctx, 'read', 'DatasetVersion', { id: row.id, teamId: row.teamId, ownerId: row.ownerId });
    subject = { type: subjectType, id: row.id, label: `${row.dataset} v${row.number}`, teamId: row.teamId, slug: `${row.dataset}-v${row.number}` };
  }
  // The report would be the reader's own: a denial is then 403, not a hidden 404.
  const requestedBy = ctx.actor.type === 'user' || ctx.actor.type === 'token' ? ctx.actor.userId : null;
  await authorize(ctx, 'create', 'Report', { id: subject.id, teamId: subject.teamId, requestedBy });
  return subject;
}
