import { z } from 'zod';
import {
  generateReport,
  listReportJobs,
  listReportSubjects,
  planReport,
  readReportJob,
  ZGenerateReportSchema,
  ZListReportSubjectsSchema,
  ZReportJobIdSchema,
  ZReportSubjectSchema,
} from '../services/reports';
import { authedProcedure, router } from '../trpc';

// Files are downloaded from the portal's route handlers (app/reports/download, app/reports/jobs/[id]/download);
// tRPC picks the subject, says whether it runs as a job, queues jobs and follows them.
export const reportsRouter = router({
  subjects: authedProcedure.input(ZListReportSubjectsSchema).query(({ ctx, input }) => listReportSubjects(ctx, input)),
  plan: authedProcedure.input(ZReportSubjectSchema).query(async ({ ctx, input }) => {
    const plan = await planReport(ctx, input);
    return { subject: { type: plan.subject.type, id: plan.subject.id, label: plan.subject.label }, lineageNodes: plan.lineageNodes, mode: plan.mode };
  }),
  start: authedProcedure.input(ZGenerateReportSchema).mutation(async ({ ctx, input }) => {
    const result = await generateReport(ctx, { ...input, background: true });
    if (result.kind !== 'job') throw new Error('a background report must be a job');
    return result.job;
  }),
  jobs: authedProcedure.input(z.strictObject({}).optional()).query(({ ctx }) => listReportJobs(ctx)),
  job: authedProcedure.input(ZReportJobIdSchema).query(({ ctx, input }) => readReportJob(ctx, input)),
});
