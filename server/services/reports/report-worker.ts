// Works the report queue: rebuilds the requester's actor (roles and teams read fresh; a token's
// scopes kept), collects with progress written to the job row, renders, stores the bytes
// content-addressed and completes the row together with `report.generated`.
import { Readable } from 'node:stream';
import { and, eq, inArray } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { TDb } from '@/db/client';
import { reportJobs } from '@/db/schema/reports';
import type { TActor } from '@/policies/actor';
import type { TScope } from '@/policies/vocabulary';
import { loadUserActor } from '../../auth/load-actor';
import { transact } from '../../audit/transact';
import { toAppError } from '../../errors';
import { getJobQueue } from '../../jobs/queue';
import { getArtifactStore } from '../../storage/runtime-store';
import { serviceContext } from '../context';
import { collectReport, recordGeneratedReport, renderReport } from './produce-report';
import { REPORT_QUEUE, ensureReportQueue, type TReportJobData } from './report-jobs';
import { resolveReportSubject } from './resolve-subject';

const started = new WeakMap<TDb, Promise<PgBoss>>();
const inFlight = new WeakMap<TDb, Set<Promise<void>>>();

/** Starts this process's report worker once per database. */
export async function ensureReportWorker(db: TDb): Promise<void> {
  let running = started.get(db);
  if (!running) {
    running = (async () => {
      await ensureReportQueue(db);
      const boss = await getJobQueue(db);
      const jobs = new Set<Promise<void>>();
      inFlight.set(db, jobs);
      await boss.work<TReportJobData>(REPORT_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true }, async ([job]) => {
        const run = runReportJob(db, job!);
        jobs.add(run);
        try {
          await run;
        } finally {
          jobs.delete(run);
        }
      });
      return boss;
    })();
    running.catch(() => started.delete(db));
    started.set(db, running);
  }
  await running;
}

/** Stops taking report jobs and waits for the one running (its job stays queued in pg-boss otherwise). */
export async function stopReportWorker(db: TDb): Promise<void> {
  const running = started.get(db);
  if (!running) return;
  started.delete(db);
  const boss = await running.catch(() => null);
  if (!boss) return;
  await boss.offWork(REPORT_QUEUE);
  await Promise.allSettled([...(inFlight.get(db) ?? [])]);
}

async function requesterActor(db: TDb, row: typeof reportJobs.$inferSelect): Promise<TActor | null> {
  const user = await loadUserActor(db, row.requestedBy);
  if (!user) return null;
  if (!row.tokenId) return user;
  return { ...user, type: 'token', tokenId: row.tokenId, scopes: (row.tokenScopes ?? []) as TScope[] };
}

export async function runReportJob(db: TDb, job: PgBoss.JobWithMetadata<TReportJobData>): Promise<void> {
  const [row] = await db.select().from(reportJobs).where(eq(reportJobs.id, job.data.reportJobId));
  if (!row || row.status === 'completed' || row.status === 'failed') return;
  const setProgress = async (stage: string, fraction: number) => {
    await db
      .update(reportJobs)
      .set({ stage, progress: Math.round(Math.min(1, Math.max(0, fraction)) * 100) })
      .where(and(eq(reportJobs.id, row.id), eq(reportJobs.status, 'running')));
  };
  await db.update(reportJobs).set({ status: 'running', stage: 'starting', progress: 1, startedAt: new Date() }).where(and(eq(reportJobs.id, row.id), inArray(reportJobs.status, ['queued', 'running'])));
  const actor = await requesterActor(db, row);
  const subject = { type: row.subjectType, id: row.subjectId };
  try {
    if (!actor) throw Object.assign(new Error('The requester is disabled or gone.'), { code: 'requester_disabled' });
    const ctx = serviceContext(db, actor);
    // Permissions are checked again at run time: a role lost since the request stops the report.
    const resolved = await resolveReportSubject(ctx, { subjectType: row.subjectType, subjectId: row.subjectId });
    const report = await collectReport(ctx, resolved, (stage, fraction) => setProgress(stage, fraction * 0.9 + 0.05));
    await setProgress(`rendering ${row.format}`, 0.8);
    const rendered = await renderReport(report, resolved, row.format);
    await setProgress('storing', 0.95);
    const store = await getArtifactStore();
    await store.put(Readable.from([rendered.bytes]));
    await recordGeneratedReport(db, actor, resolved, row.format, rendered, row.id, async (tx) => {
      await tx
        .update(reportJobs)
        .set({ status: 'completed', progress: 100, stage: 'completed', sha256: rendered.sha256, sizeBytes: rendered.size, finishedAt: new Date() })
        .where(eq(reportJobs.id, row.id));
    });
  } catch (error) {
    const appError = toAppError(error);
    const code = (error as { code?: unknown }).code === 'requester_disabled' ? 'requester_disabled' : appError.code;
    const message = code === 'requester_disabled' ? 'The requester is disabled or gone.' : appError.message;
    if (appError.code === 'internal') console.error('[reports] job failed', error);
    // A failure of our own (not the request's) is retried by pg-boss until its retries run out.
    const final = appError.code !== 'internal' || job.retryCount >= job.retryLimit;
    if (!final) throw error;
    await transact(db, actor ?? { type: 'system', job: 'report-generate' }, async (tx, audit) => {
      await tx.update(reportJobs).set({ status: 'failed', stage: 'failed', errorCode: code, errorMessage: message, finishedAt: new Date() }).where(eq(reportJobs.id, row.id));
      audit.record({ action: 'report.failed', subject, data: { subject, format: row.format, jobId: row.id, code, message }, outcome: 'failure' });
    });
  }
}
