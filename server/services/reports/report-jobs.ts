// Large reports run as durable pg-boss jobs: the job row and its queue entry commit together with a
// `report.queued` event; the worker (report-worker.ts) reports progress on the row and, when done,
// stores the bytes content-addressed and marks the row completed in the transaction that records
// `report.generated`. The page polls the row and offers the download.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, desc, eq } from 'drizzle-orm';
import { reportJobs, type TReportFormat } from '@/db/schema/reports';
import { abilityWhere } from '@/db/queries/ability-where';
import { getJobQueue, transactionExecutor } from '../../jobs/queue';
import { AppError } from '../../errors';
import { getArtifactStore } from '../../storage/runtime-store';
import { transact } from '../../audit/transact';
import { authorize, type TServiceContext } from '../context';
import { ZReportJobIdSchema } from './schemas';
import type { TReportSubject } from './resolve-subject';
import { reportFileName } from './produce-report';

export const REPORT_QUEUE = 'report-generate';
const REPORT_RETRY_LIMIT = 2;
const REPORT_EXPIRE_SECONDS = 15 * 60;

export interface TReportJobData {
  reportJobId: string;
}

type TReportJobRow = typeof reportJobs.$inferSelect;

export interface TReportJobView {
  id: string;
  subjectType: string;
  subjectId: string;
  subjectLabel: string;
  format: TReportFormat;
  status: TReportJobRow['status'];
  progress: number;
  stage: string;
  sha256: string | null;
  sizeBytes: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** The portal's download link once completed. */
  downloadPath: string | null;
}

export function toReportJobView(row: TReportJobRow): TReportJobView {
  return {
    id: row.id,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    subjectLabel: row.subjectLabel,
    format: row.format,
    status: row.status,
    progress: row.progress,
    stage: row.stage,
    sha256: row.sha256,
    sizeBytes: row.sizeBytes,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    downloadPath: row.status === 'completed' ? `/reports/jobs/${row.id}/download` : null,
  };
}

/** Queues a report job for an authorized subject (see resolveReportSubject). */
export async function queueReportJob(ctx: TServiceContext, subject: TReportSubject, format: TReportFormat, lineageNodes: number): Promise<TReportJobView> {
  const actor = ctx.actor;
  if (actor.type !== 'user' && actor.type !== 'token') throw new AppError('forbidden', 'Only people and their tokens ask for reports.');
  const boss = await getJobQueue(ctx.db);
  await ensureReportQueue(ctx.db);
  const row = await transact(ctx.db, actor, async (tx, audit) => {
    const jobId = randomUUID();
    const [created] = await tx
      .insert(reportJobs)
      .values({
        subjectType: subject.type,
        subjectId: subject.id,
        subjectLabel: subject.label,
        teamId: subject.teamId,
        format,
        requestedBy: actor.userId,
        tokenId: actor.type === 'token' ? actor.tokenId : null,
        tokenScopes: actor.type === 'token' ? actor.scopes : null,
        jobId,
      })
      .returning();
    await boss.send(REPORT_QUEUE, { reportJobId: created!.id } satisfies TReportJobData, {
      id: jobId,
      retryLimit: REPORT_RETRY_LIMIT,
      retryDelay: 5,
      expireInSeconds: REPORT_EXPIRE_SECONDS,
      db: transactionExecutor(tx),
    });
    audit.record({
      action: 'report.queued',
      subject: { type: subject.type, id: subject.id },
      data: { subject: { type: subject.type, id: subject.id, label: subject.label }, format, lineageNodes },
    });
    return created!;
  });
  // This process works the queue too, so a report asked of a lone portal (PGlite) always runs.
  const { ensureReportWorker } = await import('./report-worker');
  await ensureReportWorker(ctx.db);
  return toReportJobView(row);
}

const queues = new WeakSet<object>();
export async function ensureReportQueue(db: TServiceContext['db']): Promise<void> {
  if (queues.has(db)) return;
  const boss = await getJobQueue(db);
  await boss.createQueue(REPORT_QUEUE).catch((error: Error) => {
    if (!/already exists/.test(error.message)) throw error;
  });
  queues.add(db);
}

async function findJob(ctx: TServiceContext, id: string): Promise<TReportJobRow> {
  const [row] = await ctx.db.select().from(reportJobs).where(eq(reportJobs.id, id));
  if (!row) throw new AppError('not_found', 'Report job not found.');
  await authorize(ctx, 'read', 'Report', { id: row.id, teamId: row.teamId, requestedBy: row.requestedBy });
  return row;
}

export async function readReportJob(ctx: TServiceContext, input: { id: string }): Promise<TReportJobView> {
  return toReportJobView(await findJob(ctx, ZReportJobIdSchema.parse(input).id));
}

/** The caller's report jobs, newest first. */
export async function listReportJobs(ctx: TServiceContext): Promise<TReportJobView[]> {
  const selfId = ctx.actor.type === 'user' || ctx.actor.type === 'token' ? ctx.actor.userId : null;
  await authorize(ctx, 'read', 'Report', { requestedBy: selfId });
  const rows = await ctx.db
    .select()
    .from(reportJobs)
    .where(and(abilityWhere(ctx.ability, 'read', 'Report', { requestedBy: reportJobs.requestedBy, teamId: reportJobs.teamId, id: reportJobs.id })))
    .orderBy(desc(reportJobs.createdAt))
    .limit(50);
  return rows.map(toReportJobView);
}

/** A completed job's bytes, streamed from the store (the stream fails if they no longer match the recorded hash). */
export async function openReportJobResult(ctx: TServiceContext, input: { id: string }) {
  const row = await findJob(ctx, ZReportJobIdSchema.parse(input).id);
  if (row.status !== 'completed' || !row.sha256) throw new AppError('conflict', `The report is ${row.status}; download it once it is completed.`);
  const store = await getArtifactStore();
  const stream: Readable = await store.open(row.sha256);
  return {
    stream,
    sha256: row.sha256,
    size: row.sizeBytes ?? 0,
    fileName: reportFileName({ slug: row.subjectLabel.replace(/ v(\d+)$/, '-v$1') }, row.format),
    format: row.format,
  };
}
